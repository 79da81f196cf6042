package io.wflaunch.spi.support;

import io.wflaunch.spi.SendLimits;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reading a paginated listing page by page, over a blocking or a non-blocking client alike (see
 * {@link AsyncSupport}): every adapter's list calls page the same way.
 */
public final class Pages {

  /**
   * One page of a listing.
   *
   * @param items the page's items, in the service's order
   * @param nextToken the token of the next page, or null (or empty) on the last page
   * @param <T> the item type
   */
  public record Page<T>(List<T> items, String nextToken) {
    /**
     * Checks the values.
     *
     * @param items the items
     * @param nextToken the next token, or null
     */
    public Page {
      Objects.requireNonNull(items, "items");
    }

    /**
     * Whether another page follows.
     *
     * @return true when there is a next token
     */
    public boolean hasNext() {
      return nextToken != null && !nextToken.isEmpty();
    }
  }

  private Pages() {}

  /**
   * Reads pages until {@code enough} holds for the items read so far, there is no next page, or
   * {@code maxPages} were read. The first page is fetched with a null token.
   *
   * @param fetch fetches the page after a token (null for the first)
   * @param maxPages the most pages to read, at least 1
   * @param enough whether the items read so far suffice
   * @param <T> the item type
   * @return the items of the pages read, in order; or the first failure of a fetch
   */
  public static <T> CompletableFuture<List<T>> collect(Function<String, CompletableFuture<Page<T>>> fetch,
      int maxPages, Predicate<List<T>> enough) {
    return next(fetch, null, maxPages, new ArrayList<>(), enough, null);
  }

  /**
   * Reads pages as {@link #collect(Function, int, Predicate)} does, for a start's look-up: before each
   * page it checks that a request still fits before the start's deadline, and fails with
   * {@link SendLimits.DeadlineReached} when it does not (a look-up that could not read its pages found
   * nothing).
   *
   * @param fetch fetches the page after a token (null for the first)
   * @param maxPages the most pages to read, at least 1
   * @param enough whether the items read so far suffice
   * @param limits the start's limits
   * @param <T> the item type
   * @return the items of the pages read, in order; or the first failure
   */
  public static <T> CompletableFuture<List<T>> collect(Function<String, CompletableFuture<Page<T>>> fetch,
      int maxPages, Predicate<List<T>> enough, SendLimits limits) {
    return next(fetch, null, maxPages, new ArrayList<>(), enough, Objects.requireNonNull(limits, "limits"));
  }

  private static <T> CompletableFuture<List<T>> next(Function<String, CompletableFuture<Page<T>>> fetch,
      String token, int pagesLeft, List<T> items, Predicate<List<T>> enough, SendLimits limits) {
    return AsyncSupport.defer(() -> {
      if (limits != null) {
        limits.checkRoom();
      }
      return fetch.apply(token);
    }).thenCompose(page -> {
      items.addAll(page.items());
      if (!page.hasNext() || pagesLeft <= 1 || enough.test(items)) {
        return CompletableFuture.completedFuture(items);
      }
      return next(fetch, page.nextToken(), pagesLeft - 1, items, enough, limits);
    });
  }
}
