package io.smsgate.twofactor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Handlers, services and the domain of the two functions stay off the AWS SDK: only adapters and wiring use it. */
class TwoFactorArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.smsgate.twofactor");

    @Test
    void onlyAdaptersAndWiringTouchTheSdk() {
        noClasses().that().doNotHaveSimpleName("DynamoVerifications")
                .and().doNotHaveSimpleName("DynamoCheckFailures")
                .and().doNotHaveSimpleName("DynamoConversionCounters")
                .and().doNotHaveSimpleName("DynamoStartReads")
                .and().doNotHaveSimpleName("DynamoSendReads")
                .and().doNotHaveSimpleName("DynamoSentCodes")
                .and().doNotHaveSimpleName("EndUserMessagingSmsProvider")
                .and().doNotHaveSimpleName("EndUserMessagingFeedback")
                .and().doNotHaveSimpleName("DynamoSendPacer")
                .and().doNotHaveSimpleName("SqsSendQueues")
                .and().doNotHaveSimpleName("TwoFactorWiring")
                // SnapStart priming runs the wiring's clients before the snapshot.
                .and().doNotHaveSimpleName("VerificationApiPriming")
                .and().doNotHaveSimpleName("SendSmsPriming")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..")
                .check(CLASSES);
    }

    @Test
    void nothingReadsTheProcessEnvironmentOrPrints() {
        noClasses().should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(CLASSES);
    }
}
