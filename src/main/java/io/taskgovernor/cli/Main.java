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
        CommandLine named = args.length == 0 ? null : withOnly(args[0]);
        CommandLine commandLine = named != null ? named : new CommandLine(new Main());
        CommandLine explain = commandLine.getSubcommands().get("explain");
        if (explain != null) {
            // Elasticsearch node ids are URL-safe base64 and may start with '-': a task id such as
            // "-Xa9...:42" is explain's argument, not an option.
            explain.setUnmatchedOptionsArePositionalParams(true);
        }
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

    /**
     * For {@code task-governor NAME ...}: this command with subcommand NAME only, or null when NAME is
     * none of them. Picocli inspects every subcommand it is given (options, mixins, converters) when it
     * is built, about a tenth of a cold {@code run --once}; the arguments after NAME belong to NAME alone,
     * so the others only serve the top command's own help and errors, which keep the full command.
     */
    private static CommandLine withOnly(String name) {
        Command top = Main.class.getAnnotation(Command.class);
        for (Class<?> type : top.subcommands()) {
            if (type.getAnnotation(Command.class).name().equals(name)) {
                CommandLine parent = new CommandLine(CommandLine.Model.CommandSpec.create().name(top.name()));
                parent.addSubcommand(name, new CommandLine(type));
                return parent;
            }
        }
        return null;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"task-governor " + (version == null ? "dev" : version)};
        }
    }
}
