using Release.Workflows.Release.Reports;

namespace Worker.Tests.Support;

internal static class Reports
{
    public static StageReport FailedStage()
    {
        var started = new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
        var pipeline = new PipelineReport(
            "5f0c7a4e-0000-4000-8000-000000000042",
            42,
            "gh/acme/b2",
            "main",
            "created",
            "https://app.circleci.com/pipelines/gh/acme/b2/42",
            started,
            [],
            new PipelineTimings(started, started.AddMinutes(6), 360),
            [
                new WorkflowReport("wf-1", "build", "failed", "https://app.circleci.com/pipelines/gh/acme/b2/42/workflows/wf-1", started, started.AddMinutes(6), [
                    new JobReport(7, "unit-tests", "build", "failed", started, started.AddMinutes(5), 8000, "https://circleci.com/gh/acme/b2/7"),
                ]),
            ]);
        return new StageReport
        {
            Release = new ReleaseRef("APIM", "3.1.0", "release-apim-3.1.0"),
            Stage = new StageRef(2, 3),
            Outcome = "failed",
            Reason = "component b2 failed: workflow \"build\" failed: a job failed",
            Timings = new StageTimings(started, started.AddMinutes(7), 420),
            Components = [new ComponentReport("b2", "1.2.0", "gh/acme/b2", "main", "failed", "workflow \"build\" failed: a job failed", pipeline)],
            Pipelines = [new PipelineLink(pipeline.Id, pipeline.WebUrl)],
        };
    }
}
