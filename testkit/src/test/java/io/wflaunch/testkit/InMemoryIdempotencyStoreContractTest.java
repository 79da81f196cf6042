package io.wflaunch.testkit;

import io.wflaunch.InMemoryIdempotencyStore;
import io.wflaunch.spi.store.IdempotencyStore;

class InMemoryIdempotencyStoreContractTest extends IdempotencyStoreContract {

  private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();

  @Override
  protected IdempotencyStore store() {
    return store;
  }
}
