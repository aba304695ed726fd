package org.denseam.cli;

/**
 * A {@code dam} subcommand provided by another module (such as {@code dam spark} from {@code
 * denseam-spark}): a picocli {@code @Command} class implementing this interface and listed in
 * {@code META-INF/services/org.denseam.cli.Extension} is added to {@code dam} when its jar is on
 * the class path.
 */
public interface Extension {}
