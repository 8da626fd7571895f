using System.Text;
using Temporalio.Api.Failure.V1;

namespace Release.DevServer.Ui;

/// <summary>A failure with its kind, stack trace and chain of causes, outermost first.</summary>
internal static class FailureFormatter
{
    public static string Block(Failure? failure)
    {
        if (failure is null)
        {
            return "";
        }
        var html = new StringBuilder("<div class=\"failure\">");
        var depth = 0;
        for (var current = failure; current is not null && depth < 20; current = current.Cause, depth++)
        {
            if (depth > 0)
            {
                html.Append("<div class=\"cause-label\">caused by</div>");
            }
            html.Append($"<div class=\"failure-message\">{Html.E(current.Message)}</div>");
            var kind = Kind(current);
            if (kind.Length > 0)
            {
                html.Append($"<div class=\"muted\">{Html.E(kind)}</div>");
            }
            if (current.ApplicationFailureInfo?.Details?.Payloads_.Count > 0)
            {
                html.Append("<div class=\"muted\">details</div>").Append(PayloadFormatter.Block(current.ApplicationFailureInfo.Details.Payloads_));
            }
            if (!string.IsNullOrEmpty(current.StackTrace))
            {
                html.Append($"<details><summary>stack trace</summary><pre class=\"stack\">{Html.E(current.StackTrace)}</pre></details>");
            }
        }
        return html.Append("</div>").ToString();
    }

    /// <summary>One line naming what kind of failure this is, e.g. "ApplicationError · InvalidOperationException · non-retryable".</summary>
    public static string Kind(Failure failure)
    {
        var parts = new List<string>();
        switch (failure.FailureInfoCase)
        {
            case Failure.FailureInfoOneofCase.ApplicationFailureInfo:
                parts.Add("application error");
                parts.Add(failure.ApplicationFailureInfo.Type);
                if (failure.ApplicationFailureInfo.NonRetryable)
                {
                    parts.Add("non-retryable");
                }
                break;
            case Failure.FailureInfoOneofCase.TimeoutFailureInfo:
                parts.Add($"timeout ({failure.TimeoutFailureInfo.TimeoutType})");
                break;
            case Failure.FailureInfoOneofCase.CanceledFailureInfo:
                parts.Add("canceled");
                break;
            case Failure.FailureInfoOneofCase.TerminatedFailureInfo:
                parts.Add("terminated");
                break;
            case Failure.FailureInfoOneofCase.ServerFailureInfo:
                parts.Add("server error");
                break;
            case Failure.FailureInfoOneofCase.ActivityFailureInfo:
                parts.Add($"activity {failure.ActivityFailureInfo.ActivityType?.Name} (id {failure.ActivityFailureInfo.ActivityId}, retry state {failure.ActivityFailureInfo.RetryState})");
                break;
            case Failure.FailureInfoOneofCase.ChildWorkflowExecutionFailureInfo:
                var child = failure.ChildWorkflowExecutionFailureInfo;
                parts.Add($"child workflow {child.WorkflowType?.Name} (id {child.WorkflowExecution?.WorkflowId}, retry state {child.RetryState})");
                break;
            default:
                break;
        }
        if (!string.IsNullOrEmpty(failure.Source))
        {
            parts.Add($"from {failure.Source}");
        }
        return string.Join(" · ", parts.Where(p => !string.IsNullOrEmpty(p)));
    }
}
