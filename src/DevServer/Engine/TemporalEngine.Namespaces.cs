using Google.Protobuf.WellKnownTypes;
using Release.DevServer.Grpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.Replication.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>Namespaces and what the server says about itself.</summary>
internal sealed partial class TemporalEngine
{
    public const string ServerVersion = "1.27.0";

    public static GetSystemInfoResponse GetSystemInfo() => new()
    {
        ServerVersion = ServerVersion,
        Capabilities = new()
        {
            SignalAndQueryHeader = true,
            InternalErrorDifferentiation = true,
            ActivityFailureIncludeHeartbeat = true,
            EncodedFailureAttributes = true,
            UpsertMemo = true,
            SdkMetadata = true,
            CountGroupByExecutionStatus = true,
        },
    };

    public DescribeNamespaceResponse DescribeNamespace(DescribeNamespaceRequest request) => Step(() =>
    {
        var ns = string.IsNullOrEmpty(request.Id)
            ? RequireNamespace(request.Namespace)
            : _namespaces.Values.FirstOrDefault(n => n.Id == request.Id) ?? throw RpcErrors.NamespaceNotFound(request.Id);
        return Describe(ns);
    });

    public ListNamespacesResponse ListNamespaces() => Step(() =>
    {
        var response = new ListNamespacesResponse();
        response.Namespaces.AddRange(_namespaces.Values.OrderBy(n => n.Name, StringComparer.Ordinal).Select(Describe));
        return response;
    });

    public void RegisterNamespace(RegisterNamespaceRequest request) => Step(() =>
    {
        if (string.IsNullOrEmpty(request.Namespace))
        {
            throw RpcErrors.InvalidArgument("Namespace is not set on request.");
        }
        if (_namespaces.ContainsKey(request.Namespace))
        {
            throw RpcErrors.AlreadyExists($"Namespace {request.Namespace} already exists.");
        }
        _namespaces[request.Namespace] = new NamespaceEntry(request.Namespace, Guid.NewGuid().ToString())
        {
            Retention = RequestedRetention(request),
        };
    });

    private DescribeNamespaceResponse Describe(NamespaceEntry ns) => new()
    {
        NamespaceInfo = new NamespaceInfo
        {
            Name = ns.Name,
            Id = ns.Id,
            State = Temporalio.Api.Enums.V1.NamespaceState.Registered,
            Description = ns.Name == "default" ? "Default namespace for Temporal Server." : "",
            Capabilities = new() { SyncUpdate = true, AsyncUpdate = true },
        },
        Config = new NamespaceConfig { WorkflowExecutionRetentionTtl = RetentionDuration(RetentionOf(ns.Name)) },
        ReplicationConfig = new NamespaceReplicationConfig { ActiveClusterName = "active" },
        IsGlobalNamespace = false,
    };
}
