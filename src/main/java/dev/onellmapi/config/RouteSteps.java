package dev.onellmapi.config;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Binds a bean the request path calls, and each of its methods that takes the exchange as a Processor named
 * {@code <bean>.<method>}: the routes call {@code process: {ref: gatewayAuth.check}} where they would write
 * {@code bean: {ref: gatewayAuth, method: check}}. Camel's bean binding looks the method up, binds its parameters and
 * invokes it by reflection on every call, and puts a returned value in a new out message that the next step copies
 * back: in a JFR profile of the benchmark's load before this class, about 6 % of the event loops' CPU samples over a
 * chat request's dozen steps. A step's returned value
 * becomes the message body, as with bean binding. The bean itself stays bound under its name for {@code bean:} steps
 * (the admin routes, a host's own routes).
 */
final class RouteSteps {
    private static final MethodType STEP = MethodType.methodType(Object.class, Exchange.class);

    private RouteSteps() {
    }

    static void bind(Registry registry, String name, Object bean) {
        registry.bind(name, bean);
        for (Method method : bean.getClass().getMethods()) {
            if (!Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 1
                    && method.getParameterTypes()[0] == Exchange.class && method.getDeclaringClass() != Object.class) {
                registry.bind(name + "." + method.getName(), Processor.class, step(bean, method));
            }
        }
    }

    private static Processor step(Object bean, Method method) {
        MethodHandle call;
        try {
            call = MethodHandles.publicLookup().unreflect(method).bindTo(bean).asType(STEP);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(method + " cannot be a route step", e);
        }
        boolean returnsBody = method.getReturnType() != void.class;
        return exchange -> {
            Object body = invoke(call, exchange);
            if (returnsBody) {
                exchange.getMessage().setBody(body);
            }
        };
    }

    private static Object invoke(MethodHandle call, Exchange exchange) throws Exception {
        try {
            return (Object) call.invokeExact(exchange);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable other) {
            throw new IllegalStateException(other);
        }
    }
}
