using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace Release.DevServer.Ui;

/// <summary>
/// The history table's view of one event: its type, a line of the attributes worth seeing at a
/// glance, and the event's full protobuf JSON. The key attributes are found generically from the
/// event's attributes message rather than per event type, so new event types show up sensibly too.
/// </summary>
internal static class EventFormatter
{
    // Fields that are noise in a summary line; still visible in the full JSON.
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "identity", "request_id", "header", "binary_checksum", "worker_version", "sdk_metadata", "metering_metadata",
        "worker_deployment_name", "deployment", "versioning_behavior", "worker_may_ignore", "use_compatible_version",
        "suggest_continue_as_new_reasons", "history_size_bytes", "build_id_redirect_counter", "links",
        "first_workflow_task_backoff", "original_execution_run_id", "first_execution_run_id", "eager_execution_accepted",
        "namespace_id", "workflow_task_completed_event_id",
    };

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default);

    public static string TypeName(HistoryEvent historyEvent) => historyEvent.EventType.ToString();

    public static IMessage? Attributes(HistoryEvent historyEvent)
    {
        var oneof = HistoryEvent.Descriptor.Oneofs.FirstOrDefault(o => o.Name == "attributes");
        var field = oneof?.Accessor.GetCaseFieldDescriptor(historyEvent);
        return field?.Accessor.GetValue(historyEvent) as IMessage;
    }

    /// <summary>"name value" pairs of the set, readable fields of the event's attributes, at most <paramref name="max"/>.</summary>
    public static IReadOnlyList<(string Name, string Value)> KeyAttributes(HistoryEvent historyEvent, int max = 6)
    {
        var attributes = Attributes(historyEvent);
        if (attributes is null)
        {
            return [];
        }
        var pairs = new List<(string, string)>();
        foreach (var field in attributes.Descriptor.Fields.InFieldNumberOrder())
        {
            if (pairs.Count >= max)
            {
                break;
            }
            if (Skipped.Contains(field.Name) || field.IsMap || field.IsRepeated)
            {
                continue;
            }
            var value = Readable(field, field.Accessor.GetValue(attributes));
            if (!string.IsNullOrEmpty(value))
            {
                pairs.Add((field.JsonName, value.Length > 160 ? value[..159] + "…" : value));
            }
        }
        return pairs;
    }

    private static string? Readable(FieldDescriptor field, object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : null,
        int or long or uint or ulong => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) == 0 ? null : value.ToString(),
        System.Enum e => Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture) == 0 ? null : e.ToString(),
        Payloads payloads => payloads.Payloads_.Count == 0 ? null : PayloadFormatter.Preview(payloads.Payloads_),
        Payload payload => PayloadFormatter.Preview([payload]),
        Failure failure => failure.Message,
        Duration duration => Html.Duration(duration.ToTimeSpan()),
        Timestamp timestamp => $"{timestamp.ToDateTime():yyyy-MM-dd HH:mm:ss.fff} UTC",
        WorkflowExecution execution => execution.WorkflowId,
        IMessage message => NameOf(message),
        IEnumerable => null,
        _ => field.FieldType == FieldType.Bytes ? null : value.ToString(),
    };

    // WorkflowType, ActivityType, TaskQueue and friends are a message with a "name".
    private static string? NameOf(IMessage message) =>
        message.Descriptor.FindFieldByName("name") is { FieldType: FieldType.String } name
            ? name.Accessor.GetValue(message) as string
            : null;

    /// <summary>The full event as indented protobuf JSON, with JSON payloads decoded.</summary>
    public static string FullJson(HistoryEvent historyEvent)
    {
        try
        {
            return EventJson.Readable(Json.Format(historyEvent));
        }
        catch (InvalidOperationException)
        {
            // An Any field without a registered type cannot be formatted as JSON; the text form still shows everything.
            return historyEvent.ToString();
        }
    }
}
