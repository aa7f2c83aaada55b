package io.vmferry.bus.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;

/** Serves {@code GET /health} (200 UP / 503 DOWN, JSON) and {@code GET /metrics} (Prometheus text). */
public final class HealthEndpoint {
    private final HttpServer server;

    private HealthEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1:{@code port} (0 = any free port). */
    public static Future<HealthEndpoint> start(Vertx vertx, String service, int port, BooleanSupplier healthy,
                                               PrometheusMeterRegistry metrics) {
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            switch (req.path()) {
                case "/health" -> {
                    boolean up = healthy.getAsBoolean();
                    req.response().setStatusCode(up ? 200 : 503).putHeader("content-type", "application/json")
                            .end(new JsonObject().put("service", service).put("status", up ? "UP" : "DOWN").encode());
                }
                case "/metrics" -> req.response().putHeader("content-type", "text/plain; version=0.0.4")
                        .end(metrics.scrape());
                default -> req.response().setStatusCode(404).end("not found: " + req.path() + "\n");
            }
        });
        return server.listen(port, "127.0.0.1").map(HealthEndpoint::new);
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server.close();
    }
}
