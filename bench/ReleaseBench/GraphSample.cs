using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Release.ReleaseBench;

/// <summary>
/// Writes <c>release-data/samples/large-depends-on/release.json</c>: the large sample (72
/// components, 12 stages) with what each component is built after declared as <c>dependsOn</c>.
/// The shape is a product's: four roots (the BOM, the common library, a JSON library and the Helm
/// charts, which need no code), API chains three to six deep (common, definition, gateway API,
/// policy API, the policies), plugin families that fan out from their API, and fan-in at the
/// gateway, the management API and the Docker images. Every dependency sits in an earlier stage
/// of the sample's own <c>buildDependencies</c>, so both schedules are valid for the same pipelines.
/// </summary>
internal static class GraphSample
{
    private const string P = "gravitee-";

    // What each component is built after; short names, "gravitee-" is added.
    private static readonly Dictionary<string, string[]> DependsOn = new(StringComparer.Ordinal)
    {
        ["bom"] = [],
        ["common"] = [],
        ["json-validation"] = [],
        ["helm-charts"] = [],
        ["expression-language"] = ["common"],
        ["node"] = ["common", "bom"],
        ["plugin"] = ["node"],
        ["definition"] = ["common", "expression-language"],
        ["repository"] = ["definition"],
        ["reporter-api"] = ["common", "bom"],
        ["resource-api"] = ["plugin"],
        ["fetcher-api"] = ["plugin"],
        ["notifier-api"] = ["plugin"],
        ["alert-api"] = ["common"],
        ["connector-api"] = ["definition"],
        ["repository-test"] = ["repository"],
        ["gateway-api"] = ["definition", "expression-language", "reporter-api"],
        ["service-discovery-api"] = ["plugin"],
        ["policy-api"] = ["gateway-api"],
        ["cockpit-api"] = ["definition"],
        ["repository-mongodb"] = ["repository-test"],
        ["repository-jdbc"] = ["repository-test"],
        ["repository-redis"] = ["repository-test"],
        ["repository-hazelcast"] = ["repository"],
        ["repository-elasticsearch"] = ["repository", "json-validation"],
        ["repository-gateway-bridge-http"] = ["repository", "node"],
        ["resource-cache"] = ["resource-api"],
        ["resource-oauth2-provider-api"] = ["resource-api"],
        ["resource-cache-redis"] = ["resource-api"],
        ["resource-oauth2-provider-generic"] = ["resource-oauth2-provider-api"],
        ["resource-oauth2-provider-am"] = ["resource-oauth2-provider-api"],
        ["fetcher-http"] = ["fetcher-api"],
        ["fetcher-git"] = ["fetcher-api"],
        ["fetcher-gitlab"] = ["fetcher-api"],
        ["fetcher-github"] = ["fetcher-api"],
        ["fetcher-bitbucket"] = ["fetcher-api"],
        ["notifier-email"] = ["notifier-api"],
        ["notifier-slack"] = ["notifier-api"],
        ["notifier-webhook"] = ["notifier-api"],
        ["reporter-file"] = ["reporter-api", "node"],
        ["reporter-tcp"] = ["reporter-api", "node"],
        ["reporter-elasticsearch"] = ["reporter-api", "node", "json-validation"],
        ["service-discovery-consul"] = ["service-discovery-api"],
        ["connector-http"] = ["connector-api"],
        ["connector-kafka"] = ["connector-api"],
        ["policy-apikey"] = ["policy-api", "repository"],
        ["policy-ratelimit"] = ["policy-api", "repository"],
        ["policy-request-content-limit"] = ["policy-api"],
        ["policy-transformheaders"] = ["policy-api"],
        ["policy-rest-to-soap"] = ["policy-api"],
        ["policy-transformqueryparams"] = ["policy-api"],
        ["policy-ipfiltering"] = ["policy-api"],
        ["policy-mock"] = ["policy-api"],
        ["policy-cache"] = ["policy-api", "resource-cache"],
        ["policy-xslt"] = ["policy-api"],
        ["policy-xml-json"] = ["policy-api"],
        ["policy-oauth2"] = ["policy-api", "resource-oauth2-provider-api"],
        ["policy-html-json"] = ["policy-api"],
        ["policy-groovy"] = ["policy-api"],
        ["policy-dynamic-routing"] = ["policy-api", "expression-language"],
        ["policy-jwt"] = ["policy-api", "expression-language"],
        ["policy-json-to-json"] = ["policy-api", "json-validation"],
        ["policy-keyless"] = ["policy-api"],
        ["policy-latency"] = ["policy-api"],
        ["policy-assign-content"] = ["policy-api"],
        ["policy-circuit-breaker"] = ["policy-api"],
        ["policy-retry"] = ["policy-api"],
        ["gateway"] = ["gateway-api", "policy-api", "repository", "reporter-api", "connector-api", "service-discovery-api", "resource-api", "node"],
        ["management-rest-api"] = ["repository", "definition", "fetcher-api", "notifier-api", "alert-api", "cockpit-api", "policy-api", "service-discovery-api", "json-validation"],
        ["management-webui"] = ["management-rest-api"],
        ["portal-webui"] = ["management-rest-api"],
        ["docker"] = ["gateway", "management-rest-api", "repository-mongodb", "repository-jdbc", "reporter-elasticsearch", "policy-apikey", "policy-ratelimit", "policy-oauth2", "policy-jwt", "connector-kafka"],
    };

    /// <summary>Reads the large sample and writes it again with <c>dependsOn</c> on every component that has any.</summary>
    /// <returns>Null, or the problem (a component without an entry, or a dependency not in an earlier stage).</returns>
    public static string? Write(string largeSample, string destination)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(largeSample))!.AsObject();
        var stageOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var stages = manifest["buildDependencies"]!.AsArray();
        for (var i = 0; i < stages.Count; i++)
        {
            stages[i]!.AsArray().Select(n => n!.GetValue<string>()).ToList().ForEach(n => stageOf[n] = i);
        }

        var components = manifest["components"]!.AsArray().Select(c => c!.AsObject()).ToList();
        if (DependsOn.Keys.Select(k => P + k).Except(components.Select(c => c["name"]!.GetValue<string>())).FirstOrDefault() is { } unknown)
        {
            return $"GraphSample.DependsOn names {unknown}, which is not a component of {largeSample}";
        }

        foreach (var component in components)
        {
            var name = component["name"]!.GetValue<string>();
            if (!name.StartsWith(P, StringComparison.Ordinal) || !DependsOn.TryGetValue(name[P.Length..], out var dependencies))
            {
                return $"{name} has no entry in GraphSample.DependsOn: add what it is built after";
            }

            if (dependencies.Select(d => P + d).FirstOrDefault(d => !stageOf.TryGetValue(d, out var at) || at >= stageOf[name]) is { } late)
            {
                return $"{name} depends on {late}, which is not in an earlier stage of {largeSample}";
            }

            if (dependencies.Length > 0)
            {
                component["dependsOn"] = new JsonArray([.. dependencies.Select(d => (JsonNode)(P + d))]);
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        File.WriteAllText(destination, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        return null;
    }
}
