using Release.Workflows.Release;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Client;

namespace Release.Activities.Release;

/// <summary>
/// Registers the release search attributes on a namespace, once. Needs operator rights; on Temporal
/// Cloud, create them in the namespace settings instead.
/// </summary>
public static class SearchAttributeSetup
{
    /// <returns>The names that were missing and are now registered.</returns>
    public static async Task<IReadOnlyList<string>> EnsureRegisteredAsync(
        ITemporalClient client, CancellationToken cancellationToken = default)
    {
        var ns = client.Options.Namespace;
        var existing = await client.Connection.OperatorService.ListSearchAttributesAsync(
            new ListSearchAttributesRequest { Namespace = ns }, new() { CancellationToken = cancellationToken });
        var missing = ReleaseSearchAttributes.All
            .Where(key => !existing.CustomAttributes.ContainsKey(key.Name))
            .ToList();
        if (missing.Count == 0)
        {
            return [];
        }

        var request = new AddSearchAttributesRequest { Namespace = ns };
        foreach (var key in missing)
        {
            request.SearchAttributes.Add(key.Name, key.ValueType);
        }

        await client.Connection.OperatorService.AddSearchAttributesAsync(request, new() { CancellationToken = cancellationToken });
        return missing.Select(k => k.Name).ToList();
    }
}
