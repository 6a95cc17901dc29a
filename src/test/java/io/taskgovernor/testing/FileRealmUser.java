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
 * @param indices           index privileges of the role, none unless given
 */
public record FileRealmUser(String name, String role, List<String> clusterPrivileges, List<IndexGrant> indices) {
    /** Index privileges on index (or data stream) name patterns, e.g. {@code create_doc} on {@code logs-*}. */
    public record IndexGrant(List<String> names, List<String> privileges) {
        public IndexGrant {
            names = List.copyOf(names);
            privileges = List.copyOf(privileges);
        }
    }

    public FileRealmUser(String name, String role, List<String> clusterPrivileges) {
        this(name, role, clusterPrivileges, List.of());
    }

    public FileRealmUser {
        clusterPrivileges = List.copyOf(clusterPrivileges);
        indices = List.copyOf(indices);
        if (!name.matches("[A-Za-z0-9_.-]+") || !role.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("user and role names are plain words: " + name + ", " + role);
        }
    }

    public static FileRealmUser withPrivileges(String name, String role, String... clusterPrivileges) {
        return new FileRealmUser(name, role, List.of(clusterPrivileges));
    }

    /** A user whose role has only these index privileges, on these names, and no cluster privilege. */
    public static FileRealmUser withIndexPrivileges(String name, String role, List<String> names, String... privileges) {
        return new FileRealmUser(name, role, List.of(), List.of(new IndexGrant(names, List.of(privileges))));
    }

    /** The role as one {@code roles.yml} entry. */
    String rolesYml() {
        StringBuilder yml = new StringBuilder(role + ":\n  cluster: [" + quoted(clusterPrivileges) + "]\n");
        if (!indices.isEmpty()) {
            yml.append("  indices:\n");
            indices.forEach(grant -> yml.append("    - names: [").append(quoted(grant.names())).append("]\n")
                    .append("      privileges: [").append(quoted(grant.privileges())).append("]\n"));
        }
        return yml.toString();
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(p -> "\"" + p + "\"").toList());
    }
}
