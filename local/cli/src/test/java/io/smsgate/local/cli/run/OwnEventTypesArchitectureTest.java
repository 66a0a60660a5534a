package io.smsgate.local.cli.run;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.smsgate.local.emulator.CloudFormationTemplate;
import io.smsgate.local.emulator.Project;
import org.junit.jupiter.api.Test;

/**
 * Handlers read their own events (io.smsgate.shared.lambda, docs/cold-start.md): no class of smsgate
 * (shared, the functions, the command line; tests aside) refers to aws-lambda-java-events, the runtime's
 * serializer or Joda-Time, which cost every function jar ~0.55 MB; and every handler template.yaml names
 * is a stream handler. The parent pom's own-event-types rule keeps the libraries off the class paths.
 */
class OwnEventTypesArchitectureTest {
    private static final JavaClasses SMSGATE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.smsgate");

    @Test
    void noClassUsesLambdasEventLibraryOrJodaTime() {
        assertThat(SMSGATE.containPackage("io.smsgate.shared.lambda")).isTrue();
        assertThat(SMSGATE.containPackage("io.smsgate.inbound")).isTrue();
        assertThat(SMSGATE.containPackage("io.smsgate.twofactor")).isTrue();
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.amazonaws.services.lambda.runtime.events..",
                        "com.amazonaws.services.lambda.runtime.serialization..", "org.joda..")
                .check(SMSGATE);
    }

    @Test
    void everyHandlerIsAStreamHandler() {
        classes().that().haveSimpleNameEndingWith("Handler").and().resideInAnyPackage("io.smsgate.inbound", "io.smsgate.policy",
                        "io.smsgate.posting", "io.smsgate.twofactor", "io.smsgate.local.cli.bench")
                .should().implement(RequestStreamHandler.class)
                .check(SMSGATE);
        for (CloudFormationTemplate.Resource function : Project.locate().template().functions()) {
            String handler = String.valueOf(function.properties().get("Handler"));
            assertThat(handler).as(function.logicalId()).endsWith("::handleRequest");
            assertThat(SMSGATE.get(handler.split("::")[0]).isAssignableTo(RequestStreamHandler.class)).as(handler).isTrue();
        }
    }
}
