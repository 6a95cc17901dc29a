package io.taskgovernor.testing;

import java.util.List;

/**
 * A user of a secured test node's file realm (the integ-test-zip has no native realm), holding one
 * role that {@code roles.yml} defines with exactly the given cluster privileges and no index
 * privileges. Its password is the node's {@link ElasticsearchNode#password()}.
 *
 * @param name              user name, e.g. {@code "lister"} (letters, digits, {@code _-.})
 * @param role              role name; users may share a role only with the same privileges
 * @param clusterPrivileges Elasticsearch cluster privileges, e.g. {@code monitor}, {@code cancel_task}
 */
public record FileRealmUser(String name, String role, List<String> clusterPrivileges) {
    public FileRealmUser {
        clusterPrivileges = List.copyOf(clusterPrivileges);
        if (!name.matches("[A-Za-z0-9_.-]+") || !role.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("user and role names are plain words: " + name + ", " + role);
        }
    }

    public static FileRealmUser withPrivileges(String name, String role, String... clusterPrivileges) {
        return new FileRealmUser(name, role, List.of(clusterPrivileges));
    }

    /** The role as one {@code roles.yml} entry. */
    String rolesYml() {
        return role + ":\n  cluster: [" + String.join(", ", clusterPrivileges.stream().map(p -> "\"" + p + "\"").toList())
                + "]\n";
    }
}
