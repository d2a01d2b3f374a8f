package com.ledgerbridge.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.model.rest.RestDefinition;
import java.util.HashSet;
import java.util.Set;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.OpenApiHelper;
import org.apache.camel.openapi.RestOpenApiReader;
import org.apache.camel.openapi.RestOpenApiSupport;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The operations API's OpenAPI document. The API is Camel REST DSL (routes/*.camel.yaml), not Spring MVC
 * controllers, so springdoc alone would find nothing in it: camel-openapi-java reads the REST DSL into an OpenAPI
 * model (paths, methods, parameters, descriptions), and this customizer hands that to springdoc, which serves it at
 * {@value OperationsAccess#OPENAPI_PATH} with Swagger UI at {@value OperationsAccess#SWAGGER_UI_PATH}. Every
 * operation gets the bearer security scheme, the role {@link OperationsAccess} requires for it (the same rule table
 * the filter chain enforces) as {@code x-required-role} and in its description, and its 401/403 answers.
 * Only /operations/** is described: webhooks follow each gateway's own contract, and the sandbox is a demo aid.
 */
public final class OperationsApiDocument implements OpenApiCustomizer {

    public static final String BEARER = "bearer";
    public static final String REQUIRED_ROLE = "x-required-role";

    private final CamelContext camel;
    private final OperationsAccess access;
    private final SecurityProperties.Mode mode;

    public OperationsApiDocument(CamelContext camel, OperationsAccess access, SecurityProperties.Mode mode) {
        this.camel = camel;
        this.access = access;
        this.mode = mode;
    }

    @Override
    public void customise(OpenAPI document) {
        OpenAPI fromRoutes = readRoutes();
        OpenApiHelper.clearVendorExtensions(fromRoutes);
        Paths paths = new Paths();
        Set<String> tags = new HashSet<>();
        fromRoutes.getPaths().forEach((path, item) -> {
            if (path.startsWith("/operations/")) {
                item.readOperationsMap().forEach((method, operation) -> {
                    secure(method, path, operation);
                    if (operation.getTags() != null) {
                        tags.addAll(operation.getTags());
                    }
                });
                paths.addPathItem(path, item);
            }
        });
        document.setPaths(paths);
        document.setInfo(new Info()
                .title("Ledgerbridge operations API")
                .version("1")
                .description("What operators and finance people use: reconciliation exceptions, dead letters, "
                        + "payments, settlement reports, the audit trail. Every call needs `Authorization: Bearer "
                        + "<token>`; each operation names the role it needs (x-required-role). Roles: VIEWER reads, "
                        + "OPERATOR acts, APPROVER_1..n approve (a higher level implies the lower), ADMIN may do "
                        + "everything. 401: no token or not accepted; 403: role too low."));
        Components components = fromRoutes.getComponents() != null ? fromRoutes.getComponents() : new Components();
        components.addSecuritySchemes(BEARER, new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat(mode == SecurityProperties.Mode.OIDC ? "JWT" : "opaque API token")
                .description(mode == SecurityProperties.Mode.OIDC
                        ? "A JWT from the configured OpenID Connect provider; roles from its roles claim"
                        : "An API token configured (as its SHA-256) in ledgerbridge.security.api-tokens"));
        components.addSchemas("Refusal", new ObjectSchema()
                .addProperty("status", new IntegerSchema())
                .addProperty("error", new StringSchema())
                .addProperty("message", new StringSchema().description("why, in words")));
        document.setComponents(components);
        document.setTags(fromRoutes.getTags() == null ? null
                : fromRoutes.getTags().stream().filter(t -> tags.contains(t.getName())).toList());
    }

    private void secure(PathItem.HttpMethod method, String path, Operation operation) {
        OperationsAccess.Access required = access.required(method.name(), path);
        if (required.kind() != OperationsAccess.Kind.ROLE) {
            return;
        }
        // OpenAPI 3.1 lets a non-OAuth2 requirement name the roles it needs
        operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER, List.of(required.role()))));
        operation.addExtension(REQUIRED_ROLE, required.role());
        String needs = "Requires role " + required.role() + " (or a role that implies it).";
        operation.setDescription(operation.getDescription() == null ? needs : operation.getDescription() + "\n\n" + needs);
        ApiResponses responses = operation.getResponses() != null ? operation.getResponses() : new ApiResponses();
        // the REST DSL states no answers; camel-openapi-java then writes an empty "default", which lacks the
        // description OpenAPI requires
        ApiResponse unstated = responses.get(ApiResponses.DEFAULT);
        if (unstated != null && unstated.getDescription() == null) {
            responses.remove(ApiResponses.DEFAULT);
        }
        if (responses.isEmpty()) {
            responses.addApiResponse("200", new ApiResponse().description("OK"));
        }
        responses.addApiResponse("401", refusal("No bearer token, or it was not accepted"));
        responses.addApiResponse("403", refusal("The caller does not hold role " + required.role()));
        operation.setResponses(responses);
    }

    private static ApiResponse refusal(String description) {
        Schema<?> ref = new Schema<>().$ref("#/components/schemas/Refusal");
        return new ApiResponse().description(description)
                .content(new Content().addMediaType("application/json", new MediaType().schema(ref)));
    }

    private OpenAPI readRoutes() {
        try {
            List<RestDefinition> rests = new RestOpenApiSupport().getRestDefinitions(camel);
            if (rests == null) {
                return new OpenAPI().paths(new Paths());
            }
            BeanConfig config = new BeanConfig();
            // springdoc writes OpenAPI 3.1: the model must be made as 3.1 for its schema types to be written
            config.setVersion("3.1.0");
            config.setDefaultConsumes("application/json");
            config.setDefaultProduces("application/json");
            return new RestOpenApiReader().read(camel, rests, config, camel.getName(), camel.getClassResolver());
        } catch (Exception e) {
            throw new IllegalStateException("the REST DSL could not be read into an OpenAPI document: " + e.getMessage(), e);
        }
    }
}
