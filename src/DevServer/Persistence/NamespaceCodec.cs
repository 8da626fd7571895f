using Release.DevServer.Engine;
using Temporalio.Api.Enums.V1;

namespace Release.DevServer.Persistence;

/// <summary>
/// A namespace as stored: its id must survive restarts (histories and describe carry it), and so must
/// its registry of custom search attributes and its retention. Format 1 (before retention) still reads.
/// </summary>
internal static class NamespaceCodec
{
    private const byte FormatVersion = 2;

    /// <summary>Encodes into the writer; attributes sorted, so equal namespaces give equal bytes.</summary>
    public static void Write(SnapshotWriter w, NamespaceEntry ns)
    {
        w.Reset();
        w.Int(FormatVersion);
        w.String(ns.Name);
        w.String(ns.Id);
        w.Int(ns.SearchAttributes.Count);
        foreach (var (name, type) in ns.SearchAttributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            w.String(name);
            w.Int((int)type);
        }
        w.Long(ns.Retention?.Ticks ?? -1);
    }

    public static NamespaceEntry Read(byte[] state)
    {
        var r = new SnapshotReader(state);
        var version = r.Int();
        if (version is not (1 or FormatVersion))
        {
            throw new InvalidDataException($"namespace record has format {version}, expected {FormatVersion}");
        }
        var ns = new NamespaceEntry(r.String(), r.String());
        var attributes = r.Int();
        for (var i = 0; i < attributes; i++)
        {
            ns.SearchAttributes[r.String()] = (IndexedValueType)r.Int();
        }
        if (version >= 2 && r.Long() is var ticks and >= 0)
        {
            ns.Retention = TimeSpan.FromTicks(ticks);
        }
        return ns;
    }
}
