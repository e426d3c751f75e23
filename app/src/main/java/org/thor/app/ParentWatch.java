package org.thor.app;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ends a child process of {@code thor demo} when its parent is gone. The parent holds the write end
 * of the child's standard input; when the parent exits, even by kill -9, the pipe closes and the
 * read below returns end of file.
 */
final class ParentWatch {

    private ParentWatch() {
    }

    static void exitWhenStdinCloses() {
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() >= 0) {
                    // the parent writes nothing; any byte is ignored
                }
            } catch (IOException ignored) {
                // a broken pipe means the same as end of file
            }
            System.exit(0);
        }, "thor-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
