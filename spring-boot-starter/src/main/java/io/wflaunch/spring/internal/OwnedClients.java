package io.wflaunch.spring.internal;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SDK clients the starter built beside the backends (the idempotency store's), closed on shutdown. */
public final class OwnedClients implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OwnedClients.class);

  private final List<AutoCloseable> clients = new ArrayList<>();

  /** An empty holder. */
  public OwnedClients() { }

  /**
   * The clients, to add to.
   *
   * @return the live list
   */
  public List<AutoCloseable> clients() {
    return clients;
  }

  @Override
  public void close() {
    for (AutoCloseable client : clients) {
      try {
        client.close();
      } catch (Exception e) {
        log.warn("Closing {} failed", client, e);
      }
    }
    clients.clear();
  }
}
