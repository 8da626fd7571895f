using System.Text;
using Google.Protobuf;
using Release.DevServer.Grpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>GetWorkflowExecutionHistory: pages, long polls, and the close-event filter (design rule 11).</summary>
internal sealed partial class TemporalEngine
{
    private const int DefaultHistoryPageSize = 1000;

    public async Task<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistoryAsync(
        GetWorkflowExecutionHistoryRequest request, CancellationToken cancellationToken)
    {
        var (run, fromEventId) = Step(() =>
        {
            var run = RequireRun(request.Namespace, request.Execution);
            var position = DecodePageToken(request.NextPageToken);
            if (position is { } p)
            {
                run = _runs.GetValueOrDefault(new ExecutionKey(run.Namespace, run.WorkflowId, p.RunId))
                    ?? throw RpcErrors.InvalidArgument("Invalid next page token.");
            }
            return (run, position?.NextEventId ?? 1);
        });
        var closeOnly = request.HistoryEventFilterType == HistoryEventFilterType.CloseEvent;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.LongPollTimeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var response = TryReadHistory(run, fromEventId, closeOnly, request.WaitNewEvent, request.MaximumPageSize);
                if (response is not null)
                {
                    return response;
                }
                changed = run.HistoryChanged.Task;
            }
            await Task.WhenAny(changed, Task.Delay(Timeout.Infinite, timeout.Token));
            if (timeout.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Nothing new yet: an empty page with a token tells the caller to ask again.
                return new GetWorkflowExecutionHistoryResponse
                {
                    History = new(),
                    NextPageToken = EncodePageToken(run.RunId, fromEventId),
                };
            }
        }
    }

    private static GetWorkflowExecutionHistoryResponse? TryReadHistory(
        ExecutionState run, long fromEventId, bool closeOnly, bool waitNewEvent, int pageSize)
    {
        var response = new GetWorkflowExecutionHistoryResponse { History = new() };
        if (closeOnly)
        {
            if (run.CloseEvent is not { } close)
            {
                return waitNewEvent ? null : response;
            }
            response.History.Events.Add(close);
            return response;
        }
        var available = run.History.Count - (fromEventId - 1);
        if (available <= 0)
        {
            return waitNewEvent && run.IsRunning ? null : response;
        }
        var take = (int)Math.Min(available, pageSize > 0 ? pageSize : DefaultHistoryPageSize);
        response.History.Events.AddRange(run.History.Skip((int)fromEventId - 1).Take(take));
        var next = fromEventId + take;
        // A running workflow's history can grow, so a long-polling caller gets a token to wait on.
        if (next <= run.History.Count || (waitNewEvent && run.IsRunning))
        {
            response.NextPageToken = EncodePageToken(run.RunId, next);
        }
        return response;
    }

    private static ByteString EncodePageToken(string runId, long nextEventId) =>
        ByteString.CopyFromUtf8($"{runId}:{nextEventId}");

    private static (string RunId, long NextEventId)? DecodePageToken(ByteString token)
    {
        if (token.IsEmpty)
        {
            return null;
        }
        var text = Encoding.UTF8.GetString(token.Span);
        var colon = text.LastIndexOf(':');
        return colon > 0 && long.TryParse(text.AsSpan(colon + 1), out var next) && next > 0
            ? (text[..colon], next)
            : throw RpcErrors.InvalidArgument("Invalid next page token.");
    }
}
