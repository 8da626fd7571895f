using Release.DevServer.Grpc;
using Release.DevServer.Visibility;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;

namespace Release.DevServer.Engine;

/// <summary>The per-namespace registry of custom search attributes, and the checks on values written to runs.</summary>
internal sealed partial class TemporalEngine
{
    public void AddSearchAttributes(AddSearchAttributesRequest request) => Step(() =>
    {
        var ns = RequireNamespace(request.Namespace);
        if (request.SearchAttributes.Count == 0)
        {
            throw RpcErrors.InvalidArgument("SearchAttributes are not set on request.");
        }
        foreach (var (name, type) in request.SearchAttributes)
        {
            if (SearchAttributeCatalog.IsReserved(name))
            {
                throw RpcErrors.InvalidArgument($"Search attribute {name} is reserved by system.");
            }
            if (type == IndexedValueType.Unspecified || !Enum.IsDefined(type))
            {
                throw RpcErrors.InvalidArgument($"Unknown search attribute type: {type}.");
            }
        }
        // As the real server (SQL visibility): a name that already exists is left as it is.
        foreach (var (name, type) in request.SearchAttributes)
        {
            ns.SearchAttributes.TryAdd(name, type);
        }
        _registryVersion++;
    });

    public void RemoveSearchAttributes(RemoveSearchAttributesRequest request) => Step(() =>
    {
        var ns = RequireNamespace(request.Namespace);
        if (request.SearchAttributes.Count == 0)
        {
            throw RpcErrors.InvalidArgument("SearchAttributes are not set on request.");
        }
        foreach (var name in request.SearchAttributes)
        {
            if (!ns.SearchAttributes.ContainsKey(name))
            {
                throw SearchAttributeCatalog.Resolve(name, ns.SearchAttributes) is null
                    ? RpcErrors.NotFound($"Search attribute {name} doesn't exist.")
                    : RpcErrors.InvalidArgument($"Unable to remove non-custom search attributes: {name}.");
            }
        }
        foreach (var name in request.SearchAttributes)
        {
            ns.SearchAttributes.Remove(name);
        }
        _registryVersion++;
    });

    public ListSearchAttributesResponse ListSearchAttributes(ListSearchAttributesRequest request) => Step(() =>
    {
        var ns = RequireNamespace(request.Namespace);
        var response = new ListSearchAttributesResponse();
        response.CustomAttributes.Add(ns.SearchAttributes);
        response.SystemAttributes.Add(SearchAttributeCatalog.System.ToDictionary());
        response.SystemAttributes.Add(SearchAttributeCatalog.Predefined.ToDictionary());
        return response;
    });

    /// <summary>The deprecated namespace-less call: built-in attributes and those of the default namespace.</summary>
    public Temporalio.Api.WorkflowService.V1.GetSearchAttributesResponse GetSearchAttributes() => Step(() =>
    {
        var response = new Temporalio.Api.WorkflowService.V1.GetSearchAttributesResponse();
        response.Keys.Add(SearchAttributeCatalog.System.ToDictionary());
        response.Keys.Add(SearchAttributeCatalog.Predefined.ToDictionary());
        response.Keys.Add(_namespaces["default"].SearchAttributes);
        return response;
    });

    /// <summary>
    /// Checks search attributes a client or a workflow writes, as the real server does: only
    /// registered custom or predefined names, values of the registered type. Null when all is well.
    /// </summary>
    private string? SearchAttributeProblem(string ns, SearchAttributes? attributes)
    {
        var registry = _namespaces[ns].SearchAttributes;
        foreach (var (name, payload) in attributes?.IndexedFields ?? [])
        {
            if (SearchAttributeCatalog.System.ContainsKey(name))
            {
                return $"{name} attribute can't be set in SearchAttributes";
            }
            if (!SearchAttributeCatalog.Predefined.TryGetValue(name, out var type) && !registry.TryGetValue(name, out type))
            {
                return $"search attribute {name} is not defined";
            }
            try
            {
                SearchAttributeValues.Decode(payload, type);
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
            {
                return $"{payload.Data.ToStringUtf8()} is not a valid value for search attribute {name} of type {SearchAttributeCatalog.MetadataName(type)}";
            }
        }
        return null;
    }

    private void RequireValidSearchAttributes(string ns, SearchAttributes? attributes)
    {
        if (SearchAttributeProblem(ns, attributes) is { } problem)
        {
            throw RpcErrors.InvalidArgument(problem);
        }
    }

    /// <summary>A copy whose payloads carry their type in metadata, which SDKs need to read them back.</summary>
    private SearchAttributes? Typed(string ns, SearchAttributes? attributes)
    {
        if (attributes is null)
        {
            return null;
        }
        var registry = _namespaces[ns].SearchAttributes;
        var typed = new SearchAttributes();
        foreach (var (name, payload) in attributes.IndexedFields)
        {
            var type = SearchAttributeCatalog.Resolve(name, registry);
            typed.IndexedFields[name] = type is { } t ? SearchAttributeValues.WithType(payload, t) : payload;
        }
        return typed;
    }
}
