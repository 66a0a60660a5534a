package io.smsgate.posting;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Thin handler, service on ports: only the adapter and the wiring know the AWS SDK. */
class PostingArchitectureTest {
    private static final JavaClasses POSTING = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.smsgate.posting");

    @Test
    void onlyTheAdapterAndTheWiringUseTheAwsSdk() {
        noClasses().that().doNotHaveSimpleName("DynamoPostStore").and().doNotHaveSimpleName("DynamoPostingReads")
                .and().doNotHaveSimpleName("PostingWiring")
                .and().doNotHaveSimpleName("PostingPriming")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..")
                .check(POSTING);
    }

    @Test
    void nothingReadsTheEnvironmentOrPrints() {
        noClasses().should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .check(POSTING);
    }
}
