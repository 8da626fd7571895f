using System.Text.Json;
using Release.Workflows.CircleCi;
using Release.Workflows.Manifest;
using Release.Workflows.Tests.Manifest;
using Temporalio.Converters;

namespace Release.Workflows.Tests;

/// <summary>What workflows receive and return must survive Temporal's default payload converter.</summary>
public class SerializationTests
{
    private static T RoundTrip<T>(T value)
    {
        var converter = DataConverter.Default.PayloadConverter;
        return converter.ToValue<T>(converter.ToPayload(value));
    }

    [Fact]
    public void ExecutionPlan_RoundTripsThroughTemporalConverter()
    {
        var plan = ExecutionPlanner.Build(
            Manifests.ParseValid(Manifests.Valid),
            new PlanOptions { Parameters = new Dictionary<string, JsonElement> { ["n"] = JsonSerializer.SerializeToElement(3) } });

        var copy = RoundTrip(plan);

        Assert.Equal(JsonSerializer.Serialize(plan), JsonSerializer.Serialize(copy));
        Assert.Equal(3, copy.Stages[0].Components[0].Parameters["n"].GetInt32());
        Assert.Equal(3, copy.Stages[1].ManifestStage);
    }

    [Fact]
    public void ReleaseManifest_RoundTripsThroughTemporalConverter()
    {
        var manifest = Manifests.ParseValid(Manifests.Valid);

        var copy = RoundTrip(manifest);

        Assert.Equal(JsonSerializer.Serialize(manifest), JsonSerializer.Serialize(copy));
        Assert.Equal("gh/gravitee-io/gravitee-ui", copy.Components[3].CircleCi!.ProjectSlug);
    }

    [Fact]
    public void Verdict_RoundTripsWithApiSpellings()
    {
        var verdict = PipelineVerdict.OnHold(new WorkflowObservation("id", "release", CircleCiWorkflowStatus.OnHold));

        var copy = RoundTrip(verdict);

        Assert.Equal(verdict, copy);
        Assert.Contains("\"on_hold\"", JsonSerializer.Serialize(verdict), StringComparison.Ordinal);
    }

    [Fact]
    public void Statuses_ReadFromApiJson_UnknownValuesDoNotThrow()
    {
        const string json = """[{"id": "1", "name": "a", "status": "on_hold"}, {"id": "2", "name": "b", "status": "quantum"}, {"id": "3", "name": "c", "status": 42}]""";

        var workflows = JsonSerializer.Deserialize<List<WorkflowObservation>>(json, JsonSerializerOptions.Web)!;

        Assert.Equal([CircleCiWorkflowStatus.OnHold, CircleCiWorkflowStatus.Unknown, CircleCiWorkflowStatus.Unknown], workflows.Select(w => w.Status));
        Assert.Equal(PipelineState.SetupPending, JsonSerializer.Deserialize<PipelineState>("\"setup-pending\""));
        Assert.Equal(CircleCiJobStatus.TerminatedUnknown, JsonSerializer.Deserialize<CircleCiJobStatus>("\"terminated-unknown\""));
    }
}
