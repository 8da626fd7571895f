using Release.Events.Triggers;

namespace Release.Events.Tests.Triggers;

public sealed class TriggerFileParserTests
{
    private const string Valid = """
        triggers:
          - name: test-shop-on-api
            on:
              type: io.openci.ArtifactCreated
              where:
                artifactName: api
                projectBranch: "3.5.*"
            start:
              manifest: releases/shop-tests.json
              branch: "{{data.projectBranch}}"
              params: { api_version: "{{ data.artifactVersion }}", notify: true }
          - name: promote
            on: { type: io.openci.ConfidenceLevelModified, where: { confidenceLevel.RELEASE: SUCCESS } }
            start: { manifest: releases/shop-tests.json, dry_run: true }
        """;

    [Fact]
    public void Parse_TheReadmeExample_EveryPartRead()
    {
        var file = TriggerFiles.Parse(Valid);

        Assert.Equal(["test-shop-on-api", "promote"], file.Triggers.Select(t => t.Name));
        Assert.Equal(["io.openci.ArtifactCreated", "io.openci.ConfidenceLevelModified"], file.Types);
        var first = file.Triggers[0];
        Assert.Equal(2, first.Line);
        Assert.Equal(["artifactName=api", "projectBranch=3.5.*"], first.Where.Select(f => f.ToString()));
        Assert.Equal(Path.Combine(TriggerFiles.Folder, "releases", "shop-tests.json"), first.Start!.Manifest);
        Assert.Equal("{{data.projectBranch}}", first.Start.Branch?.Text);
        Assert.Equal(["api_version", "notify"], first.Start.Parameters.Keys);
        Assert.False(first.Start.DryRun);
        Assert.True(file.Triggers[1].Start!.DryRun);
        Assert.Null(file.Triggers[1].Start!.Branch);
    }

    [Theory]
    [InlineData("", "triggers.yaml:1: the triggers file is empty; list triggers under `triggers:`")]
    [InlineData("# nothing yet\n", "triggers.yaml:1: the triggers file is empty")]
    [InlineData("trigers: []\n", "triggers.yaml:1: unknown key trigers in the file; did you mean triggers?")]
    [InlineData("triggers: []\n", "triggers.yaml:1: `triggers:` is not a list of triggers")]
    [InlineData("triggers:\n  - name: a\n    on: { type: T }\n    strat: { manifest: releases/shop-tests.json }\n", "triggers.yaml:4: unknown key strat in a trigger; did you mean start?")]
    [InlineData("triggers:\n  - name: a\n    on: { where: { x: y } }\n    start: { manifest: releases/shop-tests.json }\n", "triggers.yaml:3: the `on:` of trigger a has no type; give the exact CloudEvent type")]
    [InlineData("triggers:\n  - name: a\n    on: { type: \"io.openci.*\" }\n    start: { manifest: releases/shop-tests.json }\n", "triggers.yaml:3: type \"io.openci.*\" is not an exact CloudEvent type")]
    [InlineData("triggers:\n  - name: a\n    on: { type: T }\n", "triggers.yaml:2: trigger a has no `start:`")]
    [InlineData("triggers:\n  - name: a\n    on: { type: T }\n    start: { branch: main }\n", "triggers.yaml:4: the `start:` of trigger a has no manifest; give the release manifest to start, relative to the triggers file")]
    [InlineData("triggers:\n  - name: a\n    on: { type: T }\n    start: { manifest: releases/missing.json }\n", "triggers.yaml:4: manifest releases/missing.json does not exist")]
    [InlineData("triggers:\n  - name: a\n    on:\n      type: T\n      where:\n        artifactName: [api, web]\n    start: { manifest: releases/shop-tests.json }\n", "triggers.yaml:6: filter artifactName is a list, not a value; give one string, number or boolean")]
    [InlineData("triggers:\n  - name: a\n    on:\n      type: T\n      where:\n        artifactName:\n    start: { manifest: releases/shop-tests.json }\n", "triggers.yaml:6: filter artifactName is empty, not a value")]
    [InlineData("triggers:\n  - name: a\n    on:\n      type: T\n      where:\n        confidenceLevel..RELEASE: SUCCESS\n    start: { manifest: releases/shop-tests.json }\n", "triggers.yaml:6: filter path \"confidenceLevel..RELEASE\" is not dot-separated field names")]
    [InlineData("triggers:\n  - name: a\n    on: { type: T }\n    start: { manifest: releases/shop-tests.json, branch: \"{{event.branch}}\" }\n", "triggers.yaml:4: unknown substitution {{event.branch}}; use {{data.FIELD}}, {{id}}, {{subject}}, {{type}}, {{source}} or {{time}}")]
    [InlineData("triggers:\n  - name: a\n    on: { type: T }\n    start:\n      manifest: releases/shop-tests.json\n      params: { v: \"{{data.artifactVersion\" }\n", "triggers.yaml:6: \"{{data.artifactVersion\" opens {{ without closing it")]
    [InlineData("triggers:\n  - name: a\n    on: { type: T }\n    start: { manifest: releases/shop-tests.json }\n  - name: a\n    on: { type: U }\n    start: { manifest: releases/shop-tests.json }\n", "triggers.yaml:5: a second trigger named a (the first is at line 2); give each trigger its own name")]
    [InlineData("triggers:\n  - name: \"shop tests\"\n    on: { type: T }\n    start: { manifest: releases/shop-tests.json }\n", "triggers.yaml:2: trigger name \"shop tests\" is not letters, digits")]
    [InlineData("triggers:\n  - name: a\n    on: { type: T }\n    start: { manifest: releases/shop-tests.json, dry_run: yes }\n", "triggers.yaml:4: dry_run is \"yes\"; write true or false")]
    [InlineData("triggers:\n  - name: a\n    on: { type: T\n", "triggers.yaml:4: not valid YAML")]
    [InlineData("triggers:\n  - name: a\n    on: { type: T }\n    start: { manifest: releases/shop-tests.json }\n    record: seen.ndjson\n", "triggers.yaml:2: trigger a has both `start:` and `record:`")]
    [InlineData("triggers:\n  - name: a\n    on: { type: T }\n    record: no-such-folder/seen.ndjson\n", "triggers.yaml:4: record file no-such-folder/seen.ndjson: its folder does not exist")]
    public void Parse_AMistake_RefusedWithOneLineNamingItsLine(string yaml, string expected)
    {
        var message = TriggerFiles.Refusal(yaml);

        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Parse_ARecordTrigger_KeepsItsLedgerBesideTheFile()
    {
        var file = TriggerFileParser.Parse("triggers:\n  - name: keep\n    on: { type: io.openci.ConfidenceLevelModified }\n    record: confidence.ndjson\n", "triggers.yaml", TriggerFiles.Folder);

        var trigger = Assert.Single(file.Triggers);
        Assert.Null(trigger.Start);
        Assert.Equal(Path.Combine(TriggerFiles.Folder, "confidence.ndjson"), trigger.Record);
    }

    [Fact]
    public void Load_NoSuchFile_OneLine() =>
        Assert.Equal(
            "cannot read triggers file /nonexistent/triggers.yaml: no such file; give the path of a triggers.yaml",
            Assert.Throws<TriggerFileException>(() => TriggerFileParser.Load("/nonexistent/triggers.yaml")).Message);

    [Fact]
    public void Load_ManifestRelativeToTheFilesFolder()
    {
        var path = Path.Combine(TriggerFiles.Folder, "triggers.yaml");
        File.WriteAllText(path, "triggers:\n  - name: a\n    on: { type: T }\n    start: { manifest: releases/shop-tests.json }\n");

        var file = TriggerFileParser.Load(path);

        Assert.Equal(Path.Combine(TriggerFiles.Folder, "releases", "shop-tests.json"), file.Triggers[0].Start!.Manifest);
    }
}
