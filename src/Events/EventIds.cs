using System.Security.Cryptography;
using System.Text;
using Release.Workflows.Release.Events;

namespace Release.Events;

/// <summary>
/// Event ids as RFC 9562 version-5 UUIDs of the transition's identity, so an activity retried after it
/// published republishes the same id and consumers can deduplicate. Nothing random or clock based.
/// </summary>
public static class EventIds
{
    /// <summary>The namespace of this orchestrator's event ids; fixed forever, or every id changes.</summary>
    public static readonly Guid Namespace = new("5b0c2a57-8e1d-4f3a-9c61-2f7d0e4b9a13");

    /// <param name="eventType">One transition becomes several events (per vocabulary, per type): each needs its own id.</param>
    public static string For(ReleaseTransition transition, string eventType)
    {
        // A unit separator cannot occur in ids, names or types, so no two keys join to the same text.
        // The kind's enum name is part of the key: renaming a TransitionKind member changes its ids.
        var key = string.Join('\u001f',
            transition.Release.WorkflowId,
            transition.Release.RunId,
            transition.Kind.ToString(),
            transition.ComponentName ?? "",
            transition.Action?.Kind ?? "",
            transition.Action?.Stage?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            transition.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            eventType);
        return UuidV5(Namespace, key).ToString();
    }

    public static Guid UuidV5(Guid ns, string name)
    {
        var nsBytes = ns.ToByteArray(bigEndian: true);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[nsBytes.Length + nameBytes.Length];
        nsBytes.CopyTo(input, 0);
        nameBytes.CopyTo(input, nsBytes.Length);
#pragma warning disable CA5350 // SHA-1 is what UUID v5 is defined with; it names, it does not protect.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
