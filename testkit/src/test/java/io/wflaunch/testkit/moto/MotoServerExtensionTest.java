package io.wflaunch.testkit.moto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class MotoServerExtensionTest {

  @Test
  void withoutMotoTheClassIsSkippedWithTheInstallHint() {
    MotoServerExtension moto = new MotoServerExtension(Map.of("PATH", "/nonexistent")::get);

    assertThatThrownBy(() -> moto.locate("SomeMotoTest"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("pip install 'moto[server]'")
        .hasMessageContaining("SomeMotoTest");
  }

  @Test
  void aMissingMotoIsReportedOncePerBuildAcrossModules(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
    java.nio.file.Path thisBuild = root.resolve("target").resolve("moto-missing-20261124094500000");
    java.nio.file.Path nextBuild = root.resolve("target").resolve("moto-missing-20261124101500000");

    assertThat(MotoServerExtension.firstReport(thisBuild)).as("the first module of a build").isTrue();
    assertThat(MotoServerExtension.firstReport(thisBuild)).as("a later module of the same build").isFalse();
    assertThat(MotoServerExtension.firstReport(nextBuild)).as("the next build").isTrue();
  }

  @Test
  void withoutMotoOnCiTheClassFails() {
    MotoServerExtension moto = new MotoServerExtension(Map.of("PATH", "/nonexistent", "CI", "true")::get);

    assertThatThrownBy(() -> moto.locate("SomeMotoTest"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CI=true")
        .hasMessageContaining("pip install 'moto[server]'");
  }

  @Test
  void theServerAnswersOnLoopbackWhileStartedAndIsGoneAfterwards() throws Exception {
    MotoServerExtension moto = new MotoServerExtension();
    moto.start(getClass().getSimpleName());
    URI endpoint = moto.endpoint();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try {
      assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
      assertThat(http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
      moto.reset();
    } finally {
      moto.stop();
    }

    assertThat(moto.running()).isFalse();
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).build(),
        HttpResponse.BodyHandlers.discarding())).isInstanceOf(IOException.class).isInstanceOf(ConnectException.class);
  }
}
