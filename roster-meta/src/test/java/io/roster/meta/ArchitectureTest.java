package io.roster.meta;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The shape rules of DESIGN.md section 5, for the meta module. */
class ArchitectureTest {

  private static final JavaClasses META = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.roster.meta");

  @Test
  void jraftTypesStayInTheRaftPackage() {
    assertThat(META.contain(io.roster.meta.raft.RaftGroup.class)).as("classes were imported").isTrue();
    classes().that().haveSimpleName("RaftGroup").should().dependOnClassesThat()
        .resideInAPackage("com.alipay.sofa.jraft..").check(META);
    noClasses().that().resideOutsideOfPackage("io.roster.meta.raft..")
        .should().dependOnClassesThat().resideInAPackage("com.alipay.sofa.jraft..")
        .check(META);
  }

  @Test
  void boltTypesAppearOnlyAsJraftsTransport() {
    noClasses().that().resideOutsideOfPackage("io.roster.meta.raft..")
        .should().dependOnClassesThat().resideInAPackage("com.alipay.remoting..")
        .check(META);
  }

  @Test
  void slotAssignmentIsPureModelCode() {
    classes().that().resideInAPackage("io.roster.meta.slots..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.roster.model..",
            "io.roster.meta.slots..")
        .check(META);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.roster.meta.(*)..").should().beFreeOfCycles().check(META);
  }
}
