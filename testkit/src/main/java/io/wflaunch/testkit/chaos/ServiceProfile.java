package io.wflaunch.testkit.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * What the chaos layer knows about one service, as data: how to name the operation of a request, the
 * service's own throttling and internal-error answers, which operations start runs (and where the new
 * run's id is in their answer), which operations list runs (and where the runs and their ids are in the
 * listing), and which operations read one run in a way the service documents as eventually consistent
 * ("lagged gets", see {@link LaggedGet}). Each backend's testkit module comes with the profile of its
 * service; build others with {@link #builder(String)}:
 *
 * <pre>{@code
 * ServiceProfile orders = ServiceProfile.builder("Orders")
 *     .throttling(ErrorAnswer.awsJson(400, "1.0", "ThrottlingException", "Rate exceeded"))
 *     .internalError(ErrorAnswer.awsJson(500, "1.0", "InternalFailure", "internal failure"))
 *     .start("StartRun", "runArn")
 *     .listing("ListRuns", "runs[].runArn")
 *     .laggedGet("DescribeRun", "runArn",
 *         ErrorAnswer.awsJson(400, "1.0", "RunDoesNotExist", "Run Does Not Exist"))
 *     .build();
 * }</pre>
 *
 * <p>Paths into JSON bodies are field names joined with dots ({@code execution.runId}); a listing path
 * marks the array of runs with {@code []} and continues with the path of the id inside one run
 * ({@code executionInfos[].execution.runId}).
 *
 * @param name the service's name, used in logs and to keep apart the runs of several services
 * @param routes REST operations by HTTP method and path pattern; requests with an {@code X-Amz-Target}
 *     header (the JSON 1.0 and 1.1 protocols) are named by that header instead
 * @param throttling the answer to a {@link Fault#THROTTLE}d request
 * @param internalError the answer to a request that meets {@link Fault#SERVER_ERROR}
 * @param starts start operations, each with the path of the new run's id in its answer
 * @param listings listing operations, each with the path of its runs' ids, such as {@code items[].id}
 * @param laggedGets operations that read one run and that the listing lag covers too, each with where the
 *     request names the run and the service's not-found answer
 */
public record ServiceProfile(String name, List<Route> routes, ErrorAnswer throttling, ErrorAnswer internalError,
    Map<String, String> starts, Map<String, String> listings, Map<String, LaggedGet> laggedGets) {

  private static final Pattern FIELD_PATH = Pattern.compile("[^.\\[\\]]+(\\.[^.\\[\\]]+)*");

  /** Checks and copies the values. */
  public ServiceProfile {
    Objects.requireNonNull(name, "name");
    routes = List.copyOf(routes);
    Objects.requireNonNull(throttling, "throttling");
    Objects.requireNonNull(internalError, "internalError");
    starts = Map.copyOf(starts);
    listings = Map.copyOf(listings);
    laggedGets = Map.copyOf(laggedGets);
    laggedGets.forEach((operation, get) -> {
      if (!FIELD_PATH.matcher(get.runIdPath()).matches()) {
        throw new IllegalArgumentException("the run id path of the lagged get " + operation + " must be field "
            + "names joined by dots, found " + get.runIdPath());
      }
    });
    starts.forEach((operation, path) -> {
      if (!FIELD_PATH.matcher(path).matches()) {
        throw new IllegalArgumentException("the run id path of " + operation + " must be field names joined by "
            + "dots, found " + path);
      }
    });
    listings.forEach((operation, path) -> {
      int mark = path.indexOf("[].");
      if (mark < 0 || path.indexOf("[]", mark + 2) >= 0 || !FIELD_PATH.matcher(path.substring(0, mark)).matches()
          || !FIELD_PATH.matcher(path.substring(mark + 3)).matches()) {
        throw new IllegalArgumentException("the listing path of " + operation + " must look like "
            + "items[].id or a.items[].b.id, found " + path);
      }
    });
  }

  /**
   * Starts a profile.
   *
   * @param name the service's name
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The name of a request's operation: the part after the last '.' of its {@code X-Amz-Target} header
   * when it has one (JSON 1.0 and 1.1 protocols), else the operation of the first {@link Route} that
   * matches its method and path, else {@code "<METHOD> <path>"}.
   *
   * @param request the request
   * @return the operation's name
   */
  public String operationOf(SdkHttpRequest request) {
    Optional<String> target = request.firstMatchingHeader("X-Amz-Target");
    if (target.isPresent()) {
      return target.get().substring(target.get().lastIndexOf('.') + 1);
    }
    String method = request.method().name();
    String path = request.encodedPath().isEmpty() ? "/" : request.encodedPath();
    return routes.stream().filter(route -> route.matches(method, path)).map(Route::operation).findFirst()
        .orElse(method + " " + path);
  }

  /**
   * Whether an operation starts runs.
   *
   * @param operation the operation's name
   * @return true when it is one of {@link #starts()}
   */
  public boolean isStart(String operation) {
    return starts.containsKey(operation);
  }

  /**
   * Whether an operation lists runs.
   *
   * @param operation the operation's name
   * @return true when it is one of {@link #listings()}
   */
  public boolean isListing(String operation) {
    return listings.containsKey(operation);
  }

  /**
   * Whether an operation is a lagged get.
   *
   * @param operation the operation's name
   * @return true when it is one of {@link #laggedGets()}
   */
  public boolean isLaggedGet(String operation) {
    return laggedGets.containsKey(operation);
  }

  /**
   * An operation that reads one run and that the service documents as eventually consistent, such as a
   * describe call that may not find a run its start just created: the {@link ChaosPlan}'s listing lag covers it as it covers listings.
   * While the lag hides a run (see {@link ChaosPlan.Builder#listingLag(int)}), a request of this operation
   * whose JSON body names the run at {@code runIdPath}, and that meets {@link Fault#NONE} or
   * {@link Fault#DELAY}, is not forwarded: the layer answers {@code notFound} itself (for DELAY, after the
   * delay), and the request counts as one of the run's hidden reads (counted when the layer decides to
   * answer it, so that concurrent reads never hide a run more often than the lag says). Its
   * {@link ChaosLog.Entry} shows the fault, {@code forwarded} false, no service status, and the run in
   * {@code hiddenRunIds} ({@link ChaosLog.Entry#answeredAsHidden()}). Requests that meet another fault are
   * treated as any other request, and do not count.
   *
   * @param runIdPath where the request body names the run, such as {@code runArn}
   * @param notFound the service's answer for a run it does not have; the layer adds
   *     {@code x-amzn-RequestId} and {@code Content-Length}
   */
  public record LaggedGet(String runIdPath, ErrorAnswer notFound) {
    /** Checks the values. */
    public LaggedGet {
      Objects.requireNonNull(runIdPath, "runIdPath");
      Objects.requireNonNull(notFound, "notFound");
    }
  }

  /**
   * A REST operation's HTTP binding: its method and path pattern, in which {@code {name}} stands for one
   * non-empty path segment.
   *
   * @param operation the operation's name
   * @param method the HTTP method, such as {@code PUT}
   * @param pathPattern the request URI's path, such as {@code /v1/queues/{queueName}/runs}
   */
  public record Route(String operation, String method, String pathPattern) {
    /** Checks the values. */
    public Route {
      Objects.requireNonNull(operation, "operation");
      method = method.toUpperCase(Locale.ROOT);
      if (!pathPattern.startsWith("/")) {
        throw new IllegalArgumentException("a path pattern starts with '/', found " + pathPattern);
      }
    }

    /**
     * Whether a request's method and path match this route.
     *
     * @param requestMethod the request's method
     * @param path the request's (encoded) path, without the query
     * @return true when they match
     */
    public boolean matches(String requestMethod, String path) {
      if (!method.equalsIgnoreCase(requestMethod)) {
        return false;
      }
      String[] want = pathPattern.split("/", -1);
      String[] have = path.split("/", -1);
      if (want.length != have.length) {
        return false;
      }
      for (int i = 0; i < want.length; i++) {
        boolean variable = want[i].startsWith("{") && want[i].endsWith("}");
        if (variable ? have[i].isEmpty() : !want[i].equals(have[i])) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * An error answer the chaos layer sends in the service's place. The layer adds
   * {@code x-amzn-RequestId} and {@code Content-Length}.
   *
   * @param status the HTTP status
   * @param headers the headers
   * @param body the body, sent as UTF-8
   */
  public record ErrorAnswer(int status, Map<String, String> headers, String body) {
    /** Checks and copies the values. */
    public ErrorAnswer {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("status must be 100 to 599, found " + status);
      }
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }

    /**
     * An error of the JSON 1.0 or 1.1 protocol: {@code Content-Type: application/x-amz-json-<version>}
     * and a body {@code {"__type":"<type>","message":"<message>"}}. The SDK reads the error code from
     * {@code __type}, after any {@code '#'}.
     *
     * @param status the HTTP status
     * @param version {@code "1.0"} or {@code "1.1"}
     * @param type the error type, such as {@code ThrottlingException} or
     *     {@code com.amazon.coral.availability#ThrottlingException}
     * @param message the message
     * @return the answer
     */
    public static ErrorAnswer awsJson(int status, String version, String type, String message) {
      return new ErrorAnswer(status, Map.of("Content-Type", "application/x-amz-json-" + version),
          "{\"__type\":" + quote(type) + ",\"message\":" + quote(message) + "}");
    }

    /**
     * An error of the REST-JSON protocol: the type in the {@code x-amzn-ErrorType} header, and a body
     * {@code {"message":"<message>"}}.
     *
     * @param status the HTTP status
     * @param type the error type, such as {@code ThrottlingException}
     * @param message the message
     * @return the answer
     */
    public static ErrorAnswer restJson(int status, String type, String message) {
      return new ErrorAnswer(status, Map.of("Content-Type", "application/json", "x-amzn-ErrorType", type),
          "{\"message\":" + quote(message) + "}");
    }

    private static String quote(String text) {
      return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }

  /** Builds a {@link ServiceProfile}. */
  public static final class Builder {
    private final String name;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, String> starts = new LinkedHashMap<>();
    private final Map<String, String> listings = new LinkedHashMap<>();
    private final Map<String, LaggedGet> laggedGets = new LinkedHashMap<>();
    private ErrorAnswer throttling;
    private ErrorAnswer internalError;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Names the requests with a method and path, for REST protocols. Routes are tried in the order given.
     *
     * @param operation the operation's name
     * @param method the HTTP method
     * @param pathPattern the path, with {@code {name}} for a path parameter
     * @return this builder
     */
    public Builder route(String operation, String method, String pathPattern) {
      routes.add(new Route(operation, method, pathPattern));
      return this;
    }

    /**
     * Sets the throttling answer (required).
     *
     * @param answer the answer
     * @return this builder
     */
    public Builder throttling(ErrorAnswer answer) {
      this.throttling = Objects.requireNonNull(answer, "answer");
      return this;
    }

    /**
     * Sets the internal-error answer (required).
     *
     * @param answer the answer
     * @return this builder
     */
    public Builder internalError(ErrorAnswer answer) {
      this.internalError = Objects.requireNonNull(answer, "answer");
      return this;
    }

    /**
     * Declares an operation that starts a run.
     *
     * @param operation the operation's name
     * @param runIdPath where the new run's id is in the answer, such as {@code runId}
     * @return this builder
     */
    public Builder start(String operation, String runIdPath) {
      starts.put(Objects.requireNonNull(operation, "operation"), Objects.requireNonNull(runIdPath, "runIdPath"));
      return this;
    }

    /**
     * Declares an operation that lists runs.
     *
     * @param operation the operation's name
     * @param runIdsPath where the runs and their ids are, such as {@code runs[].runArn}
     * @return this builder
     */
    public Builder listing(String operation, String runIdsPath) {
      listings.put(Objects.requireNonNull(operation, "operation"), Objects.requireNonNull(runIdsPath, "runIdsPath"));
      return this;
    }

    /**
     * Declares a lagged get: an operation that reads one run and that the listing lag covers too (see
     * {@link LaggedGet}).
     *
     * @param operation the operation's name, such as {@code DescribeRun}
     * @param runIdPath where the request body names the run, such as {@code runArn}
     * @param notFound the service's answer for a run it does not have
     * @return this builder
     */
    public Builder laggedGet(String operation, String runIdPath, ErrorAnswer notFound) {
      laggedGets.put(Objects.requireNonNull(operation, "operation"), new LaggedGet(runIdPath, notFound));
      return this;
    }

    /**
     * Builds the profile.
     *
     * @return the profile
     * @throws NullPointerException when the throttling or internal-error answer is missing
     */
    public ServiceProfile build() {
      return new ServiceProfile(name, routes, Objects.requireNonNull(throttling, "throttling"),
          Objects.requireNonNull(internalError, "internalError"), starts, listings, laggedGets);
    }
  }
}
