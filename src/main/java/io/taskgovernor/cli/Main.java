package io.taskgovernor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "task-governor", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Governs long-running Elasticsearch tasks.",
        subcommands = {RunCommand.class, ValidateCommand.class, TasksCommand.class, ExplainCommand.class, CheckCommand.class,
                OperatorCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        // Elasticsearch node ids are URL-safe base64 and may start with '-': a task id such as
        // "-Xa9...:42" is explain's argument, not an option.
        commandLine.getSubcommands().get("explain").setUnmatchedOptionsArePositionalParams(true);
        return commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof InvalidInputException) {
                        cmd.getErr().println(e.getMessage());
                        return ExitCode.INVALID_INPUT;
                    }
                    cmd.getErr().println("error: " + e);
                    return ExitCode.ERROR;
                })
                .execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"task-governor " + (version == null ? "dev" : version)};
        }
    }
}
