package io.wflaunch.spring.internal;

import io.wflaunch.ConfigurationException;
import io.wflaunch.spi.WorkflowBackend;
import java.util.List;
import java.util.function.Function;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Builds one kind of backend: over the application's SDK client bean when it defines exactly one of
 * the kind's client type, otherwise over clients built from the settings (owned by the backend).
 * Implementations name adapter types only inside, so that this class loads without the adapters.
 */
public interface BackendFactory {

  /**
   * Builds the backend.
   *
   * @param id the backend id
   * @param settings the checked client settings
   * @param beans the application's beans
   * @return the backend
   */
  WorkflowBackend create(String id, ClientSettings settings, ListableBeanFactory beans);

  /**
   * The application's bean of {@code type} when it defines exactly one; settings that it would leave
   * unused are refused.
   *
   * @param beans the application's beans
   * @param type the client type
   * @param settings the settings
   * @param <T> the client type
   * @return the bean, or null
   * @throws InvalidConfigurationPropertyValueException if the bean exists and a setting is set
   */
  static <T> T clientBean(ListableBeanFactory beans, Class<T> type, ClientSettings settings) {
    T bean = beans.getBeanProvider(type).getIfUnique();
    if (bean != null && !settings.setProperties().isEmpty()) {
      String property = settings.setProperties().get(0);
      throw new InvalidConfigurationPropertyValueException(property, "(set)", "Not used: the application defines "
          + "a " + type.getSimpleName() + " bean, which wflaunch uses as it is configured. Remove "
          + String.join(", ", settings.setProperties()) + ", or the bean.");
    }
    return bean;
  }

  /**
   * Builds clients with the SDK's default chains, turning a client configuration failure into one
   * that names the property to set.
   *
   * @param settings the settings
   * @param build builds the backend
   * @return the backend
   */
  static WorkflowBackend built(ClientSettings settings, Function<ClientSettings, WorkflowBackend> build) {
    try {
      return build.apply(settings);
    } catch (ConfigurationException e) {
      String property = List.of("region", "endpoint", "profile").contains(e.setting())
          ? settings.prefix() + "." + e.setting() : settings.prefix();
      throw new InvalidConfigurationPropertyValueException(property, null, e.getMessage());
    }
  }
}
