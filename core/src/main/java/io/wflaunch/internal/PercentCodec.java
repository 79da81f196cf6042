package io.wflaunch.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding of identifier parts. {@link #encode} leaves the unreserved characters
 * ({@code A-Z a-z 0-9 - . _ ~}) and the path characters {@code : @ + , =} as they are, so that ARNs
 * and base64 ids stay readable, and writes every other character as the percent-encoded bytes of its
 * UTF-8 form: {@code /} (the part separator), {@code %}, and the sub-delimiters a shell reads
 * ({@code ! $ & ' ( ) * ;}) among them, so that a handle pasted unquoted into a shell stays one word.
 * {@link #encodeStrict} leaves only the unreserved characters, as every version before did; keys and
 * hashes that are stored are computed over that form, so that they do not change. {@link #decode}
 * reads both.
 */
public final class PercentCodec {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentCodec() {}

  /** Whether {@code c} is an RFC 3986 unreserved character. */
  public static boolean isUnreserved(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  /**
   * Whether {@code c} stays as it is in {@link #encode}: unreserved, or one of {@code : @ + , =}
   * (characters of an RFC 3986 path segment that no shell treats specially).
   */
  public static boolean isReadable(char c) {
    return isUnreserved(c) || c == ':' || c == '@' || c == '+' || c == ',' || c == '=';
  }

  /**
   * Encodes {@code text}, which must be well-formed UTF-16 (see {@link #firstUnpairedSurrogate}),
   * leaving unreserved characters and {@code : @ + , =} as they are.
   */
  public static String encode(String text) {
    return encode(text, true);
  }

  /**
   * Encodes {@code text}, which must be well-formed UTF-16, leaving only the unreserved characters as
   * they are: the form identifiers had before {@code : @ + , =} were left readable, over which stored
   * keys and request hashes are computed.
   */
  public static String encodeStrict(String text) {
    return encode(text, false);
  }

  private static boolean keeps(char c, boolean readable) {
    return readable ? isReadable(c) : isUnreserved(c);
  }

  private static String encode(String text, boolean readable) {
    int i = 0;
    while (i < text.length() && keeps(text.charAt(i), readable)) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
    byte[] bytes = text.substring(i).getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      char c = (char) (b & 0xFF);
      if (c < 0x80 && keeps(c, readable)) {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
    }
    return out.toString();
  }

  /**
   * Decodes percent-escapes in {@code text}; other characters are taken as they are.
   *
   * @throws IllegalArgumentException with a message saying what is wrong: a {@code %} not followed
   *     by two hex digits, or escaped bytes that are not UTF-8
   */
  public static String decode(String text) {
    int first = text.indexOf('%');
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
    ByteBuffer pending = ByteBuffer.allocate(text.length());
    int i = first;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()) {
          throw new IllegalArgumentException(
              "'%' at index " + i + " must be followed by two hex digits");
        }
        int hi = hexValue(text.charAt(i + 1));
        int lo = hexValue(text.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException(
              "'%' at index " + i + " must be followed by two hex digits, found '"
                  + text.substring(i, i + 3) + "'");
        }
        pending.put((byte) ((hi << 4) | lo));
        i += 3;
      } else {
        flush(pending, out, i);
        out.append(c);
        i++;
      }
    }
    flush(pending, out, text.length());
    return out.toString();
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  private static void flush(ByteBuffer pending, StringBuilder out, int index) {
    if (pending.position() == 0) {
      return;
    }
    pending.flip();
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = decoder.decode(pending);
      out.append(chars);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "percent-escapes ending at index " + index + " are not valid UTF-8");
    }
    pending.clear();
  }

  /** Index of the first unpaired surrogate in {@code text}, or -1 when it is well-formed UTF-16. */
  public static int firstUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
