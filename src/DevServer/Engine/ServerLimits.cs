namespace Release.DevServer.Engine;

/// <summary>
/// The limits a real Temporal server enforces, with its defaults, so that what passes here passes on a
/// real cluster. Each is named after the real server's dynamic-config key (see <see cref="Settings"/>),
/// which is also the dev server's command-line flag. Zero or less turns a limit off.
/// </summary>
public sealed record ServerLimits
{
    private const long KiB = 1024;
    private const long MiB = 1024 * KiB;

    /// <summary>Largest payload (input, result, failure, signal, update, query) accepted.</summary>
    public long BlobSizeError { get; init; } = 2 * MiB;

    /// <summary>Payload size above which a warning is logged.</summary>
    public long BlobSizeWarn { get; init; } = 512 * KiB;

    public long MemoSizeError { get; init; } = 2 * MiB;

    public long MemoSizeWarn { get; init; } = 2 * KiB;

    /// <summary>A run whose history grows past this many events is terminated.</summary>
    public long HistoryCountError { get; init; } = 51_200;

    public long HistoryCountWarn { get; init; } = 10_240;

    /// <summary>A run whose history grows past this many bytes is terminated.</summary>
    public long HistorySizeError { get; init; } = 50 * MiB;

    public long HistorySizeWarn { get; init; } = 10 * MiB;

    /// <summary>History length from which workflow tasks carry suggest_continue_as_new.</summary>
    public long HistoryCountSuggestContinueAsNew { get; init; } = 4 * KiB;

    /// <summary>History size from which workflow tasks carry suggest_continue_as_new.</summary>
    public long HistorySizeSuggestContinueAsNew { get; init; } = 4 * MiB;

    public long NumPendingActivities { get; init; } = 2000;

    public long NumPendingChildExecutions { get; init; } = 2000;

    public long NumPendingSignals { get; init; } = 2000;

    public long NumPendingCancelRequests { get; init; } = 2000;

    /// <summary>Longest workflow, activity or type name and task queue, in UTF-8 bytes.</summary>
    public long MaxIdLength { get; init; } = 1000;

    /// <summary>Largest gRPC message the server reads (the real frontend's gRPC default).</summary>
    public long GrpcMaxReceiveMessageSize { get; init; } = 4 * MiB;

    /// <summary>Every limit by its flag name (without the leading dashes), in the order --help shows them.</summary>
    public static IReadOnlyList<LimitSetting> Settings { get; } =
    [
        new("limit.blobSize.error", l => l.BlobSizeError, (l, v) => l with { BlobSizeError = v }),
        new("limit.blobSize.warn", l => l.BlobSizeWarn, (l, v) => l with { BlobSizeWarn = v }),
        new("limit.memoSize.error", l => l.MemoSizeError, (l, v) => l with { MemoSizeError = v }),
        new("limit.memoSize.warn", l => l.MemoSizeWarn, (l, v) => l with { MemoSizeWarn = v }),
        new("limit.historyCount.error", l => l.HistoryCountError, (l, v) => l with { HistoryCountError = v }),
        new("limit.historyCount.warn", l => l.HistoryCountWarn, (l, v) => l with { HistoryCountWarn = v }),
        new("limit.historySize.error", l => l.HistorySizeError, (l, v) => l with { HistorySizeError = v }),
        new("limit.historySize.warn", l => l.HistorySizeWarn, (l, v) => l with { HistorySizeWarn = v }),
        new("limit.historyCount.suggestContinueAsNew", l => l.HistoryCountSuggestContinueAsNew,
            (l, v) => l with { HistoryCountSuggestContinueAsNew = v }),
        new("limit.historySize.suggestContinueAsNew", l => l.HistorySizeSuggestContinueAsNew,
            (l, v) => l with { HistorySizeSuggestContinueAsNew = v }),
        new("limit.numPendingActivities.error", l => l.NumPendingActivities, (l, v) => l with { NumPendingActivities = v }),
        new("limit.numPendingChildExecutions.error", l => l.NumPendingChildExecutions, (l, v) => l with { NumPendingChildExecutions = v }),
        new("limit.numPendingSignals.error", l => l.NumPendingSignals, (l, v) => l with { NumPendingSignals = v }),
        new("limit.numPendingCancelRequests.error", l => l.NumPendingCancelRequests, (l, v) => l with { NumPendingCancelRequests = v }),
        new("limit.maxIDLength", l => l.MaxIdLength, (l, v) => l with { MaxIdLength = v }),
        new("grpc.maxReceiveMessageSize", l => l.GrpcMaxReceiveMessageSize, (l, v) => l with { GrpcMaxReceiveMessageSize = v }),
    ];

    /// <summary>True when <paramref name="value"/> is over <paramref name="limit"/> (a limit of 0 or less is off).</summary>
    public static bool Exceeds(long value, long limit) => limit > 0 && value > limit;
}

/// <summary>One limit as a flag: its name and how to read and set it.</summary>
public sealed record LimitSetting(string Key, Func<ServerLimits, long> Get, Func<ServerLimits, long, ServerLimits> With);
