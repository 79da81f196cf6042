package io.wflaunch.spring.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.regions.Region;

/**
 * Where and as whom one SDK client speaks, from properties under {@code prefix}: checked before any
 * client is built, each problem naming its property.
 *
 * @param prefix the properties' prefix, such as {@code wflaunch.backends.nightly}
 * @param region the region, or null
 * @param endpoint the endpoint's text, or null
 * @param profile the profile, or null
 */
public record ClientSettings(String prefix, String region, String endpoint, String profile) {

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  /**
   * Trims the settings; a blank one (such as {@code ${AWS_REGION:}} with the variable unset) is not set.
   *
   * @param prefix the properties' prefix
   * @param region the region, or null
   * @param endpoint the endpoint's text, or null
   * @param profile the profile, or null
   */
  public ClientSettings {
    region = unsetIfBlank(region);
    endpoint = unsetIfBlank(endpoint);
    profile = unsetIfBlank(profile);
  }

  private static String unsetIfBlank(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /**
   * Checks the settings.
   *
   * @return these settings
   * @throws InvalidConfigurationPropertyValueException naming the first property in error
   */
  public ClientSettings checked() {
    if (region != null && !REGION.matcher(region).matches()) {
      throw new InvalidConfigurationPropertyValueException(prefix + ".region", region,
          "Not an AWS region name such as us-east-1 or eu-west-1.");
    }
    if (endpoint != null) {
      endpointUri();
    }
    if (profile != null) {
      ProfileFile files = ProfileFile.defaultProfileFile();
      if (files.profile(profile).isEmpty()) {
        throw new InvalidConfigurationPropertyValueException(prefix + ".profile", profile, "Defined in neither "
            + ProfileFileLocation.configurationFilePath() + " nor " + ProfileFileLocation.credentialsFilePath() + ".");
      }
    }
    return this;
  }

  /**
   * The endpoint as a URI.
   *
   * @return the endpoint
   * @throws InvalidConfigurationPropertyValueException if it is not an absolute http or https URL
   */
  public URI endpointUri() {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new InvalidConfigurationPropertyValueException(prefix + ".endpoint", endpoint,
          "Must be an absolute http or https URL such as http://127.0.0.1:5000.");
    }
    return uri;
  }

  /**
   * The properties that are set, for saying that a client bean makes them unused.
   *
   * @return the full property names
   */
  public List<String> setProperties() {
    List<String> set = new ArrayList<>();
    if (region != null) {
      set.add(prefix + ".region");
    }
    if (endpoint != null) {
      set.add(prefix + ".endpoint");
    }
    if (profile != null) {
      set.add(prefix + ".profile");
    }
    return set;
  }

  /**
   * Applies the settings to a client builder of any service.
   *
   * @param builder the builder
   * @param credentials whether the service takes AWS credentials (false for one that takes a token)
   * @param <B> the builder type
   */
  public <B extends AwsClientBuilder<B, ?>> void apply(B builder, boolean credentials) {
    if (region != null) {
      builder.region(Region.of(region));
    }
    if (endpoint != null) {
      builder.endpointOverride(endpointUri());
    }
    if (profile != null) {
      builder.overrideConfiguration(o -> o.defaultProfileName(profile));
      if (credentials) {
        builder.credentialsProvider(ProfileCredentialsProvider.create(profile));
      }
    }
  }
}
