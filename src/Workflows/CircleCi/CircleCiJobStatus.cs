using System.Text.Json.Serialization;

namespace Release.Workflows.CircleCi;

/// <summary>The <c>status</c> of a CircleCI job, as listed by the API v2 description.</summary>
/// <remarks><see cref="Unknown"/> is 0 for the reasons given on <see cref="CircleCiWorkflowStatus"/>.</remarks>
[JsonConverter(typeof(JobStatusJsonConverter))]
public enum CircleCiJobStatus
{
    Unknown = 0,
    Success,
    Running,
    NotRun,
    Failed,
    Retried,
    Queued,
    NotRunning,
    InfrastructureFail,
    Timedout,
    OnHold,
    TerminatedUnknown,
    Blocked,
    Canceled,
    Unauthorized,
}
