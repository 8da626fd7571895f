using Microsoft.Extensions.Configuration;
using Release.Logging.Configuration;

namespace Release.Releases.Connection;

/// <summary>
/// Temporal's client environment configuration
/// (docs.temporal.io/references/client-environment-configuration) as configuration keys, shared by
/// every process that connects, so each names a setting the same way in its messages.
/// </summary>
public static class TemporalEnvironment
{
    /// <summary><c>TEMPORAL_GRPC_META_SOME_KEY=v</c> sends the gRPC header <c>some-key: v</c>.</summary>
    public const string GrpcMetaPrefix = "TEMPORAL_GRPC_META_";

    /// <summary>Where the gRPC headers live in configuration: <c>Temporal:GrpcMeta:some-key</c>.</summary>
    public const string GrpcMetaSection = "Temporal:GrpcMeta";

    /// <summary>Temporal's variables (and TEMPORAL_TASK_QUEUE, the release worker's queue) and the keys they set.</summary>
    public static IReadOnlyList<(string Variable, string Key)> Variables { get; } =
    [
        ("TEMPORAL_ADDRESS", "Temporal:Address"),
        ("TEMPORAL_NAMESPACE", "Temporal:Namespace"),
        ("TEMPORAL_API_KEY", "Temporal:ApiKey"),
        ("TEMPORAL_TASK_QUEUE", "Temporal:TaskQueue"),
        ("TEMPORAL_TLS", "Temporal:Tls:Enabled"),
        ("TEMPORAL_TLS_CLIENT_CERT_PATH", "Temporal:Tls:ClientCertPath"),
        ("TEMPORAL_TLS_CLIENT_CERT_DATA", "Temporal:Tls:ClientCertData"),
        ("TEMPORAL_TLS_CLIENT_KEY_PATH", "Temporal:Tls:ClientKeyPath"),
        ("TEMPORAL_TLS_CLIENT_KEY_DATA", "Temporal:Tls:ClientKeyData"),
        ("TEMPORAL_TLS_SERVER_CA_CERT_PATH", "Temporal:Tls:ServerCaCertPath"),
        ("TEMPORAL_TLS_SERVER_CA_CERT_DATA", "Temporal:Tls:ServerCaCertData"),
        ("TEMPORAL_TLS_SERVER_NAME", "Temporal:Tls:ServerName"),
        ("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION", "Temporal:Tls:DisableHostVerification"),
    ];

    /// <summary>Adds <see cref="Variables"/> to <paramref name="aliases"/>.</summary>
    public static EnvironmentAliases AddTemporalAliases(this EnvironmentAliases aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        foreach (var (variable, key) in Variables)
        {
            aliases.Map(variable, key);
        }

        return aliases;
    }

    /// <summary>
    /// Adds the <c>TEMPORAL_GRPC_META_*</c> variables among <paramref name="variables"/> as
    /// <c>Temporal:GrpcMeta:header-name</c> keys (their names cannot be listed in advance, so no alias can carry them).
    /// </summary>
    public static IConfigurationBuilder AddGrpcMetadata(this IConfigurationBuilder configuration, IEnumerable<KeyValuePair<string, string?>> variables)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in variables)
        {
            if (name.StartsWith(GrpcMetaPrefix, StringComparison.Ordinal) && name.Length > GrpcMetaPrefix.Length && value is not null)
            {
                values[$"{GrpcMetaSection}:{HeaderName(name)}"] = value;
            }
        }

        return configuration.AddInMemoryCollection(values);
    }

    /// <summary>The process's own environment, for <see cref="AddGrpcMetadata"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ProcessVariables() =>
        Environment.GetEnvironmentVariables().Keys.OfType<string>().Select(k => KeyValuePair.Create(k, Environment.GetEnvironmentVariable(k)));

    // As the spec says: the part after _META_, lower case, underscores as dashes.
    private static string HeaderName(string variable) =>
        variable[GrpcMetaPrefix.Length..].ToLowerInvariant().Replace('_', '-');
}
