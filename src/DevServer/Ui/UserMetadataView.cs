using System.Text;
using System.Text.Json;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Sdk.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.DevServer.Ui;

/// <summary>
/// A run's user metadata as the real Temporal UI shows it: the static summary and details set at start
/// (from DescribeWorkflowExecution), and the current details the workflow keeps up to date, read with the
/// SDK's built-in <c>__temporal_workflow_metadata</c> query while a worker answers.
/// </summary>
internal static class UserMetadataView
{
    private const string MetadataQuery = "__temporal_workflow_metadata";

    // A run nobody works on never answers; the page must not wait for it.
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);

    /// <summary>A metadata payload as text: the string a JSON string holds, otherwise the payload's readable form.</summary>
    public static string? Text(Payload? payload)
    {
        if (payload is null || payload.Data.IsEmpty)
        {
            return null;
        }
        if (PayloadFormatter.Encoding(payload) == "json/plain")
        {
            try
            {
                using var document = JsonDocument.Parse(payload.Data.Memory);
                if (document.RootElement.ValueKind == JsonValueKind.String)
                {
                    return document.RootElement.GetString();
                }
            }
            catch (JsonException)
            {
                // Shown by the generic formatter below, which says it is not valid JSON.
            }
        }
        return PayloadFormatter.Text(payload, indented: false);
    }

    /// <summary>The "Summary and details" section, or nothing when the run has neither and reports no current details.</summary>
    public static async Task<string> SectionAsync(ITemporalClient client, DescribeWorkflowExecutionResponse raw, CancellationToken cancellationToken)
    {
        var metadata = raw.ExecutionConfig?.UserMetadata;
        var summary = Text(metadata?.Summary);
        var details = Text(metadata?.Details);
        // A closed run's details are its last ones (a worker replays it to answer), the table a
        // post-mortem wants: asked for as the real Web UI does, whatever the status.
        var current = await CurrentDetailsAsync(client, raw.WorkflowExecutionInfo.Execution, cancellationToken);
        if (string.IsNullOrWhiteSpace(summary) && string.IsNullOrWhiteSpace(details) && string.IsNullOrWhiteSpace(current))
        {
            return "";
        }
        var html = new StringBuilder("<h2>Summary and details</h2>");
        if (!string.IsNullOrWhiteSpace(summary))
        {
            html.Append("<div class=\"static-summary\">").Append(Markdown.ToHtml(summary)).Append("</div>");
        }
        if (!string.IsNullOrWhiteSpace(details))
        {
            html.Append("<div class=\"static-details\">").Append(Markdown.ToHtml(details)).Append("</div>");
        }
        if (!string.IsNullOrWhiteSpace(current))
        {
            html.Append("<h3>Current details</h3><div class=\"current-details\">").Append(Markdown.ToHtml(current)).Append("</div>");
        }
        return html.ToString();
    }

    /// <summary>What the workflow reports as its current details; null when no worker answers in time or the query fails.</summary>
    private static async Task<string?> CurrentDetailsAsync(ITemporalClient client, Temporalio.Api.Common.V1.WorkflowExecution execution, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QueryTimeout);
        try
        {
            var handle = client.GetWorkflowHandle(execution.WorkflowId, execution.RunId);
            var answer = await handle.QueryAsync<WorkflowMetadata>(MetadataQuery, [],
                new WorkflowQueryOptions { Rpc = new RpcOptions { CancellationToken = timeout.Token, Timeout = QueryTimeout } });
            return answer?.CurrentDetails;
        }
        catch (Exception e) when (e is RpcException or WorkflowQueryFailedException or WorkflowQueryRejectedException or InvalidOperationException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }
}
