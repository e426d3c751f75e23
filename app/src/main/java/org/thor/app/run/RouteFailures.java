package org.thor.app.run;

import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

/**
 * Says which route file a route that cannot start came from: Camel names the route and the
 * endpoint, an operator needs the file.
 */
public final class RouteFailures {

    private RouteFailures() {
    }

    /**
     * {@code route 'ID' in FILE cannot start: REASON} when {@code failure} is a route that cannot be
     * created or started, else null.
     */
    public static String describe(CamelContext context, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String routeId = t instanceof FailedToCreateRouteException c ? c.getRouteId()
                    : t instanceof FailedToStartRouteException s ? s.getRouteId() : null;
            if (routeId != null) {
                String where = source(context, routeId);
                Throwable root = t;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                return "route '" + routeId + "'" + (where != null ? " in " + where : "") + " cannot start: " + root.getMessage();
            }
        }
        return null;
    }

    private static String source(CamelContext context, String routeId) {
        if (!(context instanceof ModelCamelContext model)) {
            return null;
        }
        RouteDefinition route = model.getRouteDefinition(routeId);
        return route == null || route.getResource() == null ? null : route.getResource().getLocation();
    }
}
