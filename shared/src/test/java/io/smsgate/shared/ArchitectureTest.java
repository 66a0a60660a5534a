package io.smsgate.shared;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering the handbook asks for, checked on the compiled classes. */
class ArchitectureTest {
    private static final JavaClasses SHARED = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.smsgate.shared");

    @Test
    void domainAndPortsDoNotKnowTheAwsSdk() {
        noClasses().that().resideInAnyPackage("io.smsgate.shared.domain..", "io.smsgate.shared.port..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..")
                .check(SHARED);
    }

    @Test
    void domainDoesNotDependOnAdapters() {
        noClasses().that().resideInAnyPackage("io.smsgate.shared.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.smsgate.shared.aws..", "io.smsgate.shared.config..")
                .check(SHARED);
    }

    @Test
    void onlyEnvironmentReadsTheProcessEnvironment() {
        noClasses().that().doNotHaveFullyQualifiedName("io.smsgate.shared.config.Environment")
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .check(SHARED);
    }

    @Test
    void nothingPrintsToStandardStreams() {
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .check(SHARED);
    }
}
