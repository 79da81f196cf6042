package io.wflaunch.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What a release would publish, read from the file repository that the build's deploy-to-file check
 * (profile deploy-check, on in CI) deployed the published modules to: each has its pom, jar, sources and javadoc
 * jars (the BOM and the parent: their pom only), POMs that Maven Central accepts (name, description, URL,
 * license, SCM, developers, the same for every module), jars named for the module path, entries dated to the
 * output timestamp, and no module that is not published.
 */
class PublishedArtifactsTest {

  static final String GROUP = "io.wflaunch";
  static final String URL = "https://github.com/wflaunch/wflaunch";

  /** Every published jar module and its Automatic-Module-Name: the root package of its classes. */
  static final Map<String, String> MODULES = new LinkedHashMap<>();

  static {
    MODULES.put("wflaunch-core", "io.wflaunch");
    MODULES.put("wflaunch-aws-support", "io.wflaunch.aws");
    MODULES.put("wflaunch-testkit", "io.wflaunch.testkit");
    MODULES.put("wflaunch-glue-testkit", "io.wflaunch.testkit.glue");
    MODULES.put("wflaunch-swf-testkit", "io.wflaunch.testkit.swf");
    MODULES.put("wflaunch-stepfunctions-testkit", "io.wflaunch.testkit.sfn");
    MODULES.put("wflaunch-codecatalyst-testkit", "io.wflaunch.testkit.codecatalyst");
    MODULES.put("wflaunch-sagemaker-testkit", "io.wflaunch.testkit.sagemaker");
    MODULES.put("wflaunch-emrserverless-testkit", "io.wflaunch.testkit.emrserverless");
    MODULES.put("wflaunch-glue-adapter", "io.wflaunch.glue");
    MODULES.put("wflaunch-swf-adapter", "io.wflaunch.swf");
    MODULES.put("wflaunch-codecatalyst-adapter", "io.wflaunch.codecatalyst");
    MODULES.put("wflaunch-stepfunctions-adapter", "io.wflaunch.stepfunctions");
    MODULES.put("wflaunch-sagemaker-adapter", "io.wflaunch.sagemaker");
    MODULES.put("wflaunch-emrserverless-adapter", "io.wflaunch.emrserverless");
    MODULES.put("wflaunch-eventbridge", "io.wflaunch.eventbridge");
    MODULES.put("wflaunch-dynamodb-store", "io.wflaunch.dynamodb");
    MODULES.put("wflaunch-micrometer", "io.wflaunch.micrometer");
    MODULES.put("wflaunch-opentelemetry", "io.wflaunch.opentelemetry");
    MODULES.put("wflaunch-spring-boot-starter", "io.wflaunch.spring");
    MODULES.put("wflaunch-cli", "io.wflaunch.cli");
  }

  /** Published as a pom alone. */
  static final List<String> POMS = List.of("wflaunch-parent", "wflaunch-bom");

  /** What each jar module deploys beyond pom, jar, sources and javadoc, by classifier and extension. */
  static final Map<String, Set<String>> EXTRA = Map.of("wflaunch-dynamodb-store", Set.of("tests.jar"));

  private static final Path repository = Path.of(Archives.property("wflaunch.deployCheck.directory"));
  private static final String version = Archives.version();

  /** Each check is reported as skipped, saying why, when the build did not deploy (offline builds). */
  @BeforeEach
  void theBuildDeployedToAFileRepository() {
    assumeTrue(Boolean.getBoolean("wflaunch.deployCheck.enabled"),
        "the deploy-to-file check is off: Maven does not deploy offline; it runs in CI (CI=true) or with "
            + "-Pdeploy-check");
    assertThat(repository.resolve("io/wflaunch")).as("the deploy-to-file repository").isDirectory();
  }

  static Stream<String> modules() {
    return MODULES.keySet().stream();
  }

  @Test
  void exactlyThePublishedModulesAreThere() throws IOException {
    try (Stream<Path> groups = Files.list(repository);
        Stream<Path> artifacts = Files.list(repository.resolve("io/wflaunch"))) {
      assertThat(groups.map(path -> path.getFileName().toString())).containsExactly("io");
      Set<String> expected = new TreeSet<>(MODULES.keySet());
      expected.addAll(POMS);
      Set<String> found = artifacts.map(path -> path.getFileName().toString())
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(found).as("published artifacts (examples, benchmarks and the test modules are not)")
          .isEqualTo(expected);
    }
  }

  @Test
  void everyFileThereWasDeployedByThisBuild() {
    assertThat(Archives.filesWrittenBefore(repository, Archives.buildStart()))
        .as("files in %s from before this build, which started at %s (each module removes its own earlier files "
            + "at the start of the build; these are of modules not in it: build the whole project, after a clean "
            + "if a module was removed or renamed)", repository, Archives.buildStart())
        .isEmpty();
  }

  @ParameterizedTest
  @MethodSource("modules")
  void eachModuleHasItsPomJarSourcesAndJavadoc(String artifactId) throws IOException {
    Map<String, Path> files = deployed(artifactId);

    Set<String> expected = new TreeSet<>(Set.of("pom", "jar", "sources.jar", "javadoc.jar"));
    expected.addAll(EXTRA.getOrDefault(artifactId, Set.of()));
    assertThat(files.keySet()).as("%s deploys", artifactId).isEqualTo(expected);
    for (Path file : files.values()) {
      assertThat(Files.size(file)).as("%s is not empty", file.getFileName()).isPositive();
    }

    Set<String> classes = entries(files.get("jar")).stream()
        .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/") && !name.contains("$"))
        .map(name -> name.substring(0, name.length() - ".class".length()))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> sources = entries(files.get("sources.jar")).stream()
        .filter(name -> name.endsWith(".java"))
        .map(name -> name.substring(0, name.length() - ".java".length()))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(classes).as("%s has classes", artifactId).isNotEmpty();
    assertThat(sources).as("the sources jar of %s has every top-level class's source", artifactId)
        .containsAll(classes);
    assertThat(entries(files.get("javadoc.jar"))).as("the javadoc jar of %s", artifactId)
        .contains("index.html")
        .anySatisfy(name -> assertThat(name).endsWith("/package-summary.html"));
  }

  @ParameterizedTest
  @MethodSource("modules")
  void eachJarNamesItsModuleAfterTheRootPackageOfItsClasses(String artifactId) throws IOException {
    String moduleName = MODULES.get(artifactId);
    Path jar = deployed(artifactId).get("jar");

    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .as("Automatic-Module-Name of %s", artifactId).isEqualTo(moduleName);
    }
    assertThat(packages(jar)).as("the packages of %s", artifactId).isNotEmpty()
        .allSatisfy(pkg -> assertThat(pkg.equals(moduleName) || pkg.startsWith(moduleName + "."))
            .as("package %s of %s is %s or below it", pkg, artifactId, moduleName).isTrue());
  }

  @Test
  void noTwoPublishedJarsShareAPackage() throws IOException {
    Map<String, List<String>> owners = new TreeMap<>();
    for (String artifactId : MODULES.keySet()) {
      for (String pkg : packages(deployed(artifactId).get("jar"))) {
        owners.computeIfAbsent(pkg, key -> new ArrayList<>()).add(artifactId);
      }
    }
    assertThat(owners).as("packages split across jars break the module path")
        .allSatisfy((pkg, jars) -> assertThat(jars).as(pkg).hasSize(1));
  }

  @ParameterizedTest
  @MethodSource("modules")
  void everyEntryOfEachJarIsDatedToTheOutputTimestamp(String artifactId) throws IOException {
    for (Map.Entry<String, Path> file : deployed(artifactId).entrySet()) {
      if (file.getKey().endsWith("jar")) {
        assertThat(Archives.entriesNotAt(file.getValue(), Archives.outputTimestamp()))
            .as("entries of %s not dated %s", file.getValue().getFileName(), Archives.outputTimestamp())
            .isEmpty();
      }
    }
  }

  @Test
  void theParentAndTheBomCarryWhatMavenCentralAsks() throws Exception {
    for (String artifactId : POMS) {
      Map<String, Path> files = deployed(artifactId);
      assertThat(files.keySet()).as("%s deploys its pom only", artifactId).containsExactly("pom");
      Element pom = pom(files.get("pom"));
      assertThat(text(pom, "packaging")).isEqualTo("pom");
      assertCentralMetadata(artifactId, pom, pom);
    }
    Element parent = pom(deployed("wflaunch-parent").get("pom"));
    // Without these, Maven appends each child's artifactId to the URLs it inherits.
    assertThat(parent.getAttribute("child.project.url.inherit.append.path")).isEqualTo("false");
    Element scm = child(parent, "scm");
    for (String attribute : List.of("connection", "developerConnection", "url")) {
      assertThat(scm.getAttribute("child.scm." + attribute + ".inherit.append.path")).as(attribute)
          .isEqualTo("false");
    }
  }

  @ParameterizedTest
  @MethodSource("modules")
  void eachPomHasItsNameAndDescriptionAndInheritsTheProjectsUrlsLicenseAndDevelopers(String artifactId)
      throws Exception {
    Element pom = pom(deployed(artifactId).get("pom"));
    Element parentRef = child(pom, "parent");
    assertThat(text(parentRef, "artifactId")).isEqualTo("wflaunch-parent");
    assertThat(text(parentRef, "version")).isEqualTo(version);
    assertThat(text(pom, "artifactId")).isEqualTo(artifactId);
    assertThat(text(pom, "packaging")).as("packaging of %s", artifactId).isIn(null, "jar");

    assertCentralMetadata(artifactId, pom, pom(deployed("wflaunch-parent").get("pom")));
  }

  /** What Maven Central asks of a POM, read as Maven inherits it: the module's own element, else the parent's. */
  private static void assertCentralMetadata(String artifactId, Element pom, Element parent) {
    assertThat(text(pom, "name")).as("name of %s", artifactId).isNotBlank();
    assertThat(text(pom, "description")).as("description of %s", artifactId).isNotBlank();
    Element effective = child(pom, "url") != null ? pom : parent;
    assertThat(text(effective, "url")).as("url of %s", artifactId).isEqualTo(URL);
    Element scm = child(pom, "scm") != null ? child(pom, "scm") : child(parent, "scm");
    assertThat(scm).as("scm of %s", artifactId).isNotNull();
    assertThat(text(scm, "url")).isEqualTo(URL);
    assertThat(text(scm, "connection")).isEqualTo("scm:git:" + URL + ".git");
    assertThat(text(scm, "developerConnection")).isEqualTo("scm:git:git@github.com:wflaunch/wflaunch.git");
    Element licenses = child(pom, "licenses") != null ? child(pom, "licenses") : child(parent, "licenses");
    assertThat(licenses).as("licenses of %s", artifactId).isNotNull();
    List<Element> licenseList = children(licenses, "license");
    assertThat(licenseList).hasSize(1);
    assertThat(text(licenseList.get(0), "name")).isEqualTo("Apache-2.0");
    assertThat(text(licenseList.get(0), "url")).isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
    Element developers = child(pom, "developers") != null ? child(pom, "developers") : child(parent, "developers");
    assertThat(developers).as("developers of %s", artifactId).isNotNull();
    assertThat(children(developers, "developer")).isNotEmpty()
        .allSatisfy(developer -> assertThat(text(developer, "name")).isNotBlank());
  }

  /**
   * The files deployed for an artifact, by classifier and extension ("pom", "jar", "sources.jar"): for a
   * snapshot, the latest of each as the version's maven-metadata.xml lists them.
   */
  private static Map<String, Path> deployed(String artifactId) throws IOException {
    Path directory = repository.resolve("io/wflaunch").resolve(artifactId).resolve(version);
    assertThat(directory).as("%s %s deployed", artifactId, version).isDirectory();
    Map<String, Path> files = new TreeMap<>();
    if (version.endsWith("-SNAPSHOT")) {
      Element metadata = document(directory.resolve("maven-metadata.xml")).getDocumentElement();
      for (Element snapshot : children(child(child(metadata, "versioning"), "snapshotVersions"), "snapshotVersion")) {
        String classifier = text(snapshot, "classifier");
        String extension = text(snapshot, "extension");
        String name = artifactId + "-" + text(snapshot, "value") + (classifier == null ? "" : "-" + classifier)
            + "." + extension;
        files.put((classifier == null ? "" : classifier + ".") + extension, directory.resolve(name));
      }
    } else {
      String prefix = artifactId + "-" + version;
      try (Stream<Path> list = Files.list(directory)) {
        for (Path file : (Iterable<Path>) list::iterator) {
          String name = file.getFileName().toString();
          if (name.startsWith(prefix) && !name.endsWith(".md5") && !name.endsWith(".sha1") && !name.endsWith(".asc")) {
            String rest = name.substring(prefix.length());
            files.put(rest.substring(1), file);
          }
        }
      }
    }
    for (Path file : files.values()) {
      assertThat(file).as("deployed file").isRegularFile();
      assertThat(Path.of(file + ".sha1")).as("its checksum").isRegularFile();
    }
    return files;
  }

  private static List<String> entries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      return Collections.list(file.entries()).stream().map(ZipEntry::getName).toList();
    }
  }

  /** The packages of a jar's classes (not its resources, which the module path does not split). */
  private static Set<String> packages(Path jar) throws IOException {
    return entries(jar).stream()
        .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/") && name.contains("/"))
        .map(name -> name.substring(0, name.lastIndexOf('/')).replace('/', '.'))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Element pom(Path file) throws Exception {
    return document(file).getDocumentElement();
  }

  private static Document document(Path file) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(file.toFile());
    } catch (Exception e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }

  /** The direct child element with this name, or null. */
  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element && element.getTagName().equals(name)) {
        found.add(element);
      }
    }
    return found;
  }

  /** The trimmed text of the direct child element with this name, or null. */
  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    return element == null ? null : element.getTextContent().strip();
  }
}
