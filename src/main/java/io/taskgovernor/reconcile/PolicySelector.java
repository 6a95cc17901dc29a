package io.taskgovernor.reconcile;

import java.util.regex.Pattern;

/**
 * Which TaskPolicies one operator process governs: a Kubernetes label selector, checked here so that a
 * typo stops the process at start instead of making the API server refuse every list call.
 *
 * <p>Syntax (as {@code kubectl get -l} and {@code labels.Parse} in k8s.io/apimachinery accept it):
 * requirements joined by commas, each {@code key}, {@code !key}, {@code key=value}, {@code key==value},
 * {@code key!=value}, {@code key in (v1,v2)}, {@code key notin (v1,v2)}, {@code key>n} or {@code key<n}
 * ({@code n} an integer). A key is {@code [prefix/]name}: the prefix a DNS subdomain of at most 253
 * characters, the name at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter
 * or digit; a value is empty or shaped like a name. Blanks around words are allowed.
 *
 * @param expression the selector as given (trimmed), passed verbatim to the TaskPolicy informer
 */
public record PolicySelector(String expression) {
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    /**
     * @throws IllegalArgumentException saying which requirement is wrong and why, without the variable's name
     */
    public static PolicySelector parse(String expression) {
        new Reader(expression.trim()).selector();
        return new PolicySelector(expression.trim());
    }

    /** A hand-written reader: the grammar is small, and set-based requirements hold commas inside parentheses. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        void selector() {
            do {
                requirement();
                blanks();
            } while (take(","));
            if (at < text.length()) {
                throw wrong("unexpected " + quoted(text.substring(at, at + 1)) + " at position " + (at + 1));
            }
        }

        private void requirement() {
            blanks();
            if (take("!")) {
                key();
                return;
            }
            String key = key();
            blanks();
            if (take("==") || take("!=") || take("=")) {
                value(key);
            } else if (take(">") || take("<")) {
                blanks();
                String n = word();
                if (!INTEGER.matcher(n).matches()) {
                    throw wrong(quoted(key) + " compared with " + quoted(n) + ": > and < take an integer");
                }
            } else if (startsWithWord("notin") || startsWithWord("in")) {
                at += startsWithWord("notin") ? 5 : 2;
                blanks();
                if (!take("(")) {
                    throw wrong("\"in\" and \"notin\" after " + quoted(key) + " need a list in parentheses, e.g. (a,b)");
                }
                do {
                    blanks();
                    value(key);
                    blanks();
                } while (take(","));
                if (!take(")")) {
                    throw wrong("the list of values for " + quoted(key) + " is not closed with \")\"");
                }
            }
            // otherwise: a bare key (exists); what follows must be a comma or the end, checked by the caller
        }

        private String key() {
            blanks();
            String key = word();
            if (key.isEmpty()) {
                throw wrong(at >= text.length() ? "a requirement is empty (a trailing or doubled comma?)"
                        : "expected a label key at position " + (at + 1));
            }
            int slash = key.indexOf('/');
            String name = slash < 0 ? key : key.substring(slash + 1);
            if (slash >= 0) {
                String prefix = key.substring(0, slash);
                if (prefix.length() > 253 || !PREFIX.matcher(prefix).matches()) {
                    throw wrong(quoted(key) + ": the prefix before '/' must be a DNS subdomain (lowercase, at most 253)");
                }
            }
            if (name.length() > 63 || !NAME.matcher(name).matches()) {
                throw wrong(quoted(key) + " is not a label key (letters, digits, '-', '_', '.', at most 63,"
                        + " starting and ending with a letter or digit; optionally prefix/)");
            }
            return key;
        }

        private void value(String key) {
            blanks();
            String value = word();
            if (!value.isEmpty() && (value.length() > 63 || !NAME.matcher(value).matches())) {
                throw wrong(quoted(value) + " (for " + quoted(key) + ") is not a label value (letters, digits, '-', '_',"
                        + " '.', at most 63, starting and ending with a letter or digit)");
            }
        }

        /** Characters up to the next blank, comma, parenthesis or operator. */
        private String word() {
            int start = at;
            while (at < text.length() && " \t,()=!<>".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            return text.substring(start, at);
        }

        private boolean startsWithWord(String word) {
            if (!text.startsWith(word, at)) {
                return false;
            }
            int end = at + word.length();
            return end == text.length() || text.charAt(end) == ' ' || text.charAt(end) == '\t' || text.charAt(end) == '(';
        }

        private boolean take(String token) {
            if (text.startsWith(token, at)) {
                at += token.length();
                return true;
            }
            return false;
        }

        private void blanks() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }

        private IllegalArgumentException wrong(String why) {
            return new IllegalArgumentException(why);
        }

        private static String quoted(String value) {
            return "\"" + value + "\"";
        }
    }
}
