package io.smsgate.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The project's own template.yaml reads as the local stack expects. */
class ProjectTemplateTest {
    private final Project project = Project.locate();

    @Test
    void everyFunctionHasAHandlerAndAJarToRun() {
        List<CloudFormationTemplate.Resource> functions = project.template().functions();
        assertThat(functions).isNotEmpty();
        assertThat(functions).allSatisfy(function -> {
            assertThat(function.properties().get("Handler")).asString().contains("::handleRequest");
            assertThat(function.properties().get("CodeUri")).asString().startsWith("functions/").endsWith(".jar");
        });
    }

    @Test
    void localParametersNameOnlyTemplateParameters() {
        Map<String, String> local = project.localParameters();
        assertThat(project.template().parameters().keySet()).containsAll(local.keySet());
    }
}
