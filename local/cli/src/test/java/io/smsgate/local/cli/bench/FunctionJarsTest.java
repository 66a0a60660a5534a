package io.smsgate.local.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.CloudFormationTemplate;
import io.smsgate.local.emulator.Project;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The function jars leave out classes of the libraries they shade (the parent pom's shade filters: async
 * clients, DynamoDB Streams, each service's endpoint-rules interpreter). A left-out class that a kept one
 * still names would fail only in Lambda, at the first call down that path; this reads every kept class's
 * constant pool and fails on such a name. A whole package that is absent (an optional dependency the SDK
 * probes for, like the CRT) is not a dangling name: only names into packages the jar does carry count.
 */
class FunctionJarsTest {
    /** A class named in a descriptor or signature: {@code Lsoftware/amazon/awssdk/...;}. */
    private static final Pattern DESCRIBED = Pattern.compile("L(software/amazon/awssdk/[A-Za-z0-9_/$]+)[;<]");

    private final Project project = Project.locate();

    @Test
    void everyAwsSdkClassAKeptClassNamesIsInItsJar() throws IOException {
        List<CloudFormationTemplate.Resource> functions = project.template().functions();
        assertThat(functions).isNotEmpty();
        Set<Path> jars = new TreeSet<>();
        for (CloudFormationTemplate.Resource function : functions) {
            jars.add(project.resolve(String.valueOf(function.properties().get("CodeUri"))));
        }
        for (Path jar : jars) {
            assertThat(jar).as("built by the reactor before this module's tests").isRegularFile();
            assertThat(danglingNames(jar)).as("classes %s names that it does not carry", jar.getFileName()).isEmpty();
        }
    }

    @Test
    void leavesOutTheEndpointRulesInterpreterButKeepsTheGeneratedProvider() throws IOException {
        Path jar = project.resolve("functions/inbound-sms/target/inbound-sms.jar");
        Set<String> classes = classes(jar);
        assertThat(classes).contains("software/amazon/awssdk/services/dynamodb/endpoints/internal/DefaultDynamoDbEndpointProvider",
                "software/amazon/awssdk/services/dynamodb/endpoints/internal/RulesFunctions");
        assertThat(classes).doesNotContain("software/amazon/awssdk/services/dynamodb/endpoints/internal/DefaultRuleEngine",
                "software/amazon/awssdk/services/sns/endpoints/internal/EndpointRuleset");
    }

    static Set<String> danglingNames(Path jar) throws IOException {
        Set<String> classes = classes(jar);
        Set<String> packages = new HashSet<>();
        for (String name : classes) {
            packages.add(packageOf(name));
        }
        Set<String> dangling = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                if (!entry.getName().endsWith(".class") || entry.getName().startsWith("META-INF/")) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    for (String named : namedClasses(in)) {
                        if (named.startsWith("software/amazon/awssdk/") && packages.contains(packageOf(named)) && !classes.contains(named)) {
                            dangling.add(entry.getName() + " -> " + named);
                        }
                    }
                }
            }
        }
        return dangling;
    }

    private static Set<String> classes(Path jar) throws IOException {
        Set<String> classes = new HashSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                    .forEach(n -> classes.add(n.substring(0, n.length() - ".class".length())));
        }
        return classes;
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }

    /** The class names a class file's constant pool holds: its Class entries and the classes its descriptors name. */
    static List<String> namedClasses(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classIndexes = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classIndexes.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        List<String> named = new ArrayList<>();
        for (int index : classIndexes) {
            String name = utf8[index];
            if (name != null && !name.startsWith("[")) {
                named.add(name);
            }
        }
        for (String text : utf8) {
            if (text != null && text.contains("Lsoftware/amazon/awssdk/")) {
                Matcher matcher = DESCRIBED.matcher(text);
                while (matcher.find()) {
                    named.add(matcher.group(1));
                }
            }
        }
        return named;
    }
}
