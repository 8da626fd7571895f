using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Release.Events.Triggers;

/// <summary>
/// The workflow id of a release a trigger starts: <c>trigger-&lt;trigger name&gt;-&lt;event id&gt;</c>.
/// Nothing random or clock based, so a redelivered event yields the same id and Temporal refuses
/// the second start. An event id that is not a short plain word (the orchestrator's are UUIDs) is
/// replaced by the first 32 hex digits of its SHA-256, which keeps the id within Temporal's limits.
/// </summary>
public static partial class TriggerWorkflowIds
{
    public static string For(string trigger, string eventId) =>
        $"trigger-{trigger}-{(PlainId().IsMatch(eventId) ? eventId : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))[..32])}";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex PlainId();
}
