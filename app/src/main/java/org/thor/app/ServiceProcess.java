package org.thor.app;

import java.util.concurrent.CountDownLatch;

/**
 * How every long-running {@code thor} service command ends its start: announce {@code READY ...}
 * on standard output (what {@link MemberProcess} and scripts wait for), optionally exit with the
 * supervising parent, and run until SIGTERM/SIGINT, when {@code shutdown} closes what the command
 * opened.
 */
final class ServiceProcess {

    private ServiceProcess() {
    }

    /** Prints {@code readyLine}, then blocks until the JVM is asked to stop and {@code shutdown} has run. */
    static int serveUntilStopped(String readyLine, boolean exitWithParent, Runnable shutdown) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                shutdown.run();
            } finally {
                stopped.countDown();
            }
        }, "thor-shutdown"));
        System.out.println(readyLine);
        System.out.flush();
        if (exitWithParent) {
            ParentWatch.exitWhenStdinCloses();
        }
        stopped.await();
        return 0;
    }
}
