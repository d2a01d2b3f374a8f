package com.ledgerbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The application under test: a separate JVM started from the packaged jar with the settings of
 * {@code bench/app-under-test.properties}, in a fresh PostgreSQL schema and a temporary data dir, both removed
 * when it is closed. Knows its start-up time, its RSS (from /proc) and, while sampling, its peak used heap.
 */
final class AppProcess implements AutoCloseable {

    private static final String SETTINGS = "/bench/app-under-test.properties";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every process the harness started and has not stopped yet: stopped if the harness itself is stopped. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(p -> {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }), "stop-launched-processes"));
    }

    /** Registers a launched process so that it is stopped when the harness exits, whatever the way. */
    static void track(Process process) {
        LIVE.add(process);
    }

    /** Stops a launched process: SIGTERM, then SIGKILL after {@code graceSeconds}. */
    static void stop(Process process, int graceSeconds) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        LIVE.remove(process);
    }

    private final BenchOptions options;
    private final String kind;
    private final Database database;
    private final Path dataDir;
    private final int port;
    private final Process process;
    private final Instant launchedAt;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Duration startup;
    private ScheduledExecutorService sampler;
    private final AtomicLong peakHeap = new AtomicLong(-1);
    private final AtomicLong peakRssSampled = new AtomicLong(-1);

    private AppProcess(BenchOptions options, String kind, Database database, Path dataDir, int port, Process process,
            Instant launchedAt, Path log) {
        this.options = options;
        this.kind = kind;
        this.database = database;
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
        this.launchedAt = launchedAt;
        this.log = log;
    }

    /**
     * Launches the application for benchmark {@code kind} (a key prefix in the settings file) and waits until it
     * is healthy. {@code extra} fills placeholders only some kinds use (e.g. {@code crmBaseUrl}).
     */
    static AppProcess start(BenchOptions options, String kind, Map<String, String> extra) {
        return start(options, kind, extra, null);
    }

    /**
     * As {@link #start(BenchOptions, String, Map)}, with {@code pluginDir} (when not null) added to the application's
     * class path: the jar is then started through Spring Boot's PropertiesLauncher with {@code -Dloader.path}, as an
     * operator adds a connector without rebuilding (the settlement benchmark adds its test-only bill format so).
     */
    static AppProcess start(BenchOptions options, String kind, Map<String, String> extra, Path pluginDir) {
        Database database = Database.freshSchema(options, kind);
        Path dataDir;
        int port;
        try {
            dataDir = Files.createTempDirectory("ledgerbridge-bench-" + kind + "-");
            port = freePort();
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new HashMap<>(extra);
        values.put("schema", database.schema());
        values.put("postgresUrl", options.postgresUrl());
        values.put("postgresUser", options.postgresUser());
        values.put("port", String.valueOf(port));
        values.put("dataDir", dataDir.toString());
        values.put("csvInbox", csvInbox(dataDir).toString());
        values.put("projectDir", options.projectDir().toString());
        values.put("alipayAppId", AppContract.ALIPAY_APP_ID);
        values.put("alipaySellerId", AppContract.ALIPAY_SELLER_ID);
        values.put("alipayPublicKeyFile", options.projectDir().resolve(AppContract.ALIPAY_PUBLIC_KEY_FILE).toString());

        Properties settings = settings();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : fill(settings.getProperty("jvm", ""), values).trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        if (pluginDir == null) {
            command.add("-jar");
            command.add(options.jar().toString());
        } else {
            command.add("-Dloader.path=" + pluginDir);
            command.add("-cp");
            command.add(options.jar().toString());
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        }
        Map<String, String> appProperties = new TreeMap<>();
        for (String prefix : List.of("common.", kind + ".")) {
            for (String key : settings.stringPropertyNames()) {
                if (key.startsWith(prefix)) {
                    appProperties.put(key.substring(prefix.length()), fill(settings.getProperty(key), values));
                }
            }
        }
        appProperties.forEach((k, v) -> command.add("--" + k + "=" + v));

        Path log = dataDir.resolve("app.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(options.projectDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the app's own environment must not point it elsewhere (e.g. a developer's DATABASE_URL)
        builder.environment().remove("SPRING_PROFILES_ACTIVE");
        Instant launchedAt = Instant.now();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException("cannot launch " + command.get(0), e);
        }
        track(process);
        AppProcess app = new AppProcess(options, kind, database, dataDir, port, process, launchedAt, log);
        System.out.printf("  launched the app (pid %d, port %d, schema %s, log %s)%n", process.pid(), port,
                database.schema(), log);
        try {
            app.awaitHealthy(Duration.ofSeconds(180));
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        System.out.printf("  healthy after %s%n", Report.seconds(app.startup.toMillis() / 1000.0));
        return app;
    }

    /** The JVM options the app runs with (the hand-written receiver gets the same). */
    static String jvmOptions() {
        return settings().getProperty("jvm", "");
    }

    static Path csvInbox(Path dataDir) {
        return dataDir.resolve("in").resolve("orders");
    }

    private static Properties settings() {
        Properties p = new Properties();
        try (InputStream in = AppProcess.class.getResourceAsStream(SETTINGS)) {
            if (in == null) {
                throw new IllegalStateException(SETTINGS + " is not on the classpath");
            }
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String fill(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException(SETTINGS + ": no value for ${" + m.group(1) + "} in " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitHealthy(Duration max) {
        HttpRequest request = HttpRequest.newBuilder(url(AppContract.HEALTH)).timeout(Duration.ofSeconds(2)).GET().build();
        Instant deadline = launchedAt.plus(max);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited during start-up (code " + process.exitValue() + "):\n"
                        + tail(40));
            }
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    startup = Duration.between(launchedAt, Instant.now());
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Waits.sleep(50);
        }
        throw new IllegalStateException("the app was not healthy within " + max.toSeconds() + " s:\n" + tail(40));
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Database database() {
        return database;
    }

    Path dataDir() {
        return dataDir;
    }

    Duration startup() {
        return startup;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size now, in bytes (VmRSS), or -1. */
    long rss() {
        return procStatus(pid(), "VmRSS");
    }

    /** Peak resident set size since launch, in bytes (VmHWM), or -1. */
    long peakRss() {
        return Math.max(procStatus(pid(), "VmHWM"), peakRssSampled.get());
    }

    static long procStatus(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** Used heap now, from the application's metrics endpoint, in bytes, or -1 when it is not exposed. */
    long heapUsed() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url(AppContract.HEAP_USED))
                    .header("Authorization", "Bearer " + AppContract.BENCH_ADMIN_TOKEN)
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return -1;
            }
            JsonNode measurements = JSON.readTree(r.body()).path("measurements");
            for (JsonNode m : measurements) {
                if ("VALUE".equals(m.path("statistic").asText())) {
                    return (long) m.path("value").asDouble();
                }
            }
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    /** Samples used heap and RSS every second until {@link #stopSampling()}; the peaks are kept. */
    void startSampling() {
        peakHeap.set(-1);
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heap-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> {
            long heap = heapUsed();
            peakHeap.accumulateAndGet(heap, Math::max);
            peakRssSampled.accumulateAndGet(rss(), Math::max);
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** Stops sampling; returns the peak used heap seen (bytes), or -1 when the metric is not available. */
    long stopSampling() {
        if (sampler != null) {
            sampler.shutdownNow();
            try {
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sampler = null;
        }
        return peakHeap.get();
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Counts log lines containing {@code needle} (e.g. ERROR), for a note in the report. */
    long logLinesWith(String needle) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains(needle)).count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** Stops the process (gracefully, then forcibly), drops the schema and deletes the data dir (unless kept). */
    @Override
    public void close() {
        stopSampling();
        // the measurement is over: a graceful stop is polite, not needed (the schema is dropped next)
        stop(process, 15);
        database.close();
        try {
            Path logs = Files.createDirectories(options.projectDir().resolve("target").resolve("bench-logs"));
            // compressed: a large run logs hundreds of MiB at INFO
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(logs.resolve(database.schema() + ".log.gz")))) {
                Files.copy(log, out);
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("  (could not keep the app log: " + e.getMessage() + ")");
        }
        if (options.keep()) {
            System.out.println("  kept " + dataDir + " (-Dbench.keep=true)");
        } else {
            deleteTree(dataDir);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    String kind() {
        return kind;
    }
}
