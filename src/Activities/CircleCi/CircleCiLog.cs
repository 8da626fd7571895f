using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Activities;

namespace Release.Activities.CircleCi;

/// <summary>
/// Where the client's warnings go: the logger it was given, else the current activity's logger
/// (so inside a worker they carry the activity's workflow and attempt, with no wiring), else nowhere.
/// </summary>
internal sealed class CircleCiLog(ILogger? configured)
{
    private ILogger Logger => configured
        ?? (ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.Logger : NullLogger.Instance);

#pragma warning disable CA2254 // The templates are constants at every call site; this only forwards them.
    public void Warn(string template, params object?[] values) => Logger.LogWarning(template, values);
#pragma warning restore CA2254
}
