package io.roster.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code base (DESIGN.md section 5), checked on the production classes of every
 * Roster module on this test classpath. Test classes are left out.
 */
class ArchitectureTest {

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.roster");
  }

  @Test
  void theImportSeesEveryRole() {
    // Guards the rules below against passing on an empty import.
    for (String type : new String[] {"io.roster.meta.MetaServer", "io.roster.data.DataServer",
        "io.roster.session.SessionServer", "io.roster.remoting.BoltServer",
        "io.roster.model.Ticker"}) {
      assertThat(classes.contain(type)).as("imported %s", type).isTrue();
    }
    assertThat(classes.contain("io.roster.it.ArchitectureTest")).as("test classes left out")
        .isFalse();
  }

  @Test
  void jraftTypesOnlyInMetaRaft() {
    noClasses().that().resideInAPackage("io.roster..")
        .and().resideOutsideOfPackage("io.roster.meta.raft..")
        .should().dependOnClassesThat().resideInAPackage("com.alipay.sofa.jraft..")
        .because("SOFAJRaft stays behind io.roster.meta.raft")
        .check(classes);
  }

  @Test
  void boltTypesOnlyInRemotingAndAcceptPackages() {
    noClasses().that().resideInAPackage("io.roster..")
        .and().resideOutsideOfPackages("io.roster.remoting..", "io.roster..accept..",
            "io.roster.meta.raft..")
        .should().dependOnClassesThat().resideInAPackage("com.alipay.remoting..")
        .because("bolt is wrapped by roster-remoting; only a role's client-protocol "
            + "package may see it, and meta.raft, where bolt is SOFAJRaft's transport "
            + "(built there so the raft port can be 0)")
        .check(classes);
  }

  @Test
  void noCyclesBetweenTopLevelPackages() {
    slices().matching("io.roster.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void noCyclesBetweenFeaturePackagesOfARole() {
    // e.g. session.push <-> session.store; the composition root (io.roster.session itself)
    // may wire them all.
    slices().matching("io.roster.(*).(*)..").should().beFreeOfCycles()
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void sessionDoesNotReachIntoOtherRoles() {
    noClasses().that().resideInAPackage("io.roster.session..")
        .should().dependOnClassesThat().resideInAnyPackage("io.roster.data..",
            "io.roster.meta..", "io.roster.server..", "io.roster.testkit..")
        .check(classes);
  }

  @Test
  void dataDoesNotReachIntoOtherRoles() {
    noClasses().that().resideInAPackage("io.roster.data..")
        .should().dependOnClassesThat().resideInAnyPackage("io.roster.session..",
            "io.roster.meta..", "io.roster.server..", "io.roster.testkit..")
        .check(classes);
  }

  @Test
  void metaDoesNotReachIntoOtherRoles() {
    noClasses().that().resideInAPackage("io.roster.meta..")
        .should().dependOnClassesThat().resideInAnyPackage("io.roster.session..",
            "io.roster.data..", "io.roster.server..", "io.roster.testkit..")
        .check(classes);
  }

  @Test
  void sharedModulesDoNotDependOnRoles() {
    noClasses().that().resideInAnyPackage("io.roster.model..", "io.roster.protocol..",
            "io.roster.remoting..")
        .should().dependOnClassesThat().resideInAnyPackage("io.roster.session..",
            "io.roster.data..", "io.roster.meta..", "io.roster.server..", "io.roster.testkit..")
        .check(classes);
  }

  @Test
  void modelDependsOnNothingButTheJdk() {
    noClasses().that().resideInAPackage("io.roster.model..")
        .should().dependOnClassesThat().resideInAnyPackage("com.alipay..", "io.netty..",
            "com.caucho..", "io.roster.protocol..", "io.roster.remoting..")
        .check(classes);
  }
}
