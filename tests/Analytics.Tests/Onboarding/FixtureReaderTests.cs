using Release.Analytics.Onboarding;

namespace Release.Analytics.Tests.Onboarding;

public sealed class FixtureReaderTests
{
    [Fact]
    public void Read_SeedExampleWithoutToken_GivesTheProjectWithItsShortSlug()
    {
        var read = FixtureReader.Read("""
            native:
              slug: StackStorm
            data_sources:
            - slug: circleci
              projects:
              - name: StackStorm
                endpoints:
                - name: github/StackStorm/stackstorm-ha
              config:
                - name: Circle-Token
                  value:
            """, "stackstorm.yaml");

        Assert.Equal("StackStorm", read.Native);
        Assert.Equal([new OnboardedProject("StackStorm", "gh/StackStorm/stackstorm-ha")], read.Projects);
    }

    [Fact]
    public void Read_EverySlugForm_CanonicalInWrittenOrder()
    {
        var read = FixtureReader.Read("""
            native:
              slug: lf
            data_sources:
            - slug: git
              projects:
              - anything: other collectors read this
            - slug: circleci
              projects:
              - name: analytics
                endpoints:
                - name: gh/LF-Engineering/da-ds
                - name: GitHub/LF-Engineering/dev-analytics-ui
              - name: tools
                endpoints:
                - name: bitbucket/lf/tools
                - name: bb/lf/more-tools
                - name: circleci/6e1ea3ab-31d4-4bb1-9a2c-3b5a1e2d3c4f/0a1b2c3d-4e5f-6789-abcd-ef0123456789
            """, "lf.yaml");

        Assert.Equal(
            [
                new OnboardedProject("analytics", "gh/LF-Engineering/da-ds"),
                new OnboardedProject("analytics", "gh/LF-Engineering/dev-analytics-ui"),
                new OnboardedProject("tools", "bb/lf/tools"),
                new OnboardedProject("tools", "bb/lf/more-tools"),
                new OnboardedProject("tools", "circleci/6e1ea3ab-31d4-4bb1-9a2c-3b5a1e2d3c4f/0a1b2c3d-4e5f-6789-abcd-ef0123456789"),
            ],
            read.Projects);
    }

    [Fact]
    public void Read_TokenInFile_RefusedWithWhereItGoesAndNeverEchoed()
    {
        const string token = "CCIPAT_q8ZkT3xYv_secret0123456789abcdef";
        var error = Assert.Throws<FixtureException>(() => FixtureReader.Read($"""
            native:
              slug: StackStorm
            data_sources:
            - slug: circleci
              projects:
              - name: StackStorm
                endpoints:
                - name: github/StackStorm/stackstorm-ha
              config:
                - name: Circle-Token
                  value: {token}
            """, "stackstorm.yaml"));

        Assert.StartsWith("stackstorm.yaml:10: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("CIRCLECI_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Contains("CIRCLECI_TOKEN_FILE", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    public static TheoryData<string, string, int, string> Mistakes => new()
    {
        { "not yaml", "native: [unclosed\ndata_sources: x\n", 2, "not valid YAML" },
        { "bad indentation", "native:\n  slug: x\n bad: y\n", 3, "not valid YAML" },
        { "a key twice", "native:\n  slug: x\nnative:\n  slug: y\n", 3, "write each key once" },
        { "empty", "", 1, "the file is empty" },
        { "a list at the top", "- a\n- b\n", 1, "the fixture is not a mapping" },
        { "no circleci source", "native:\n  slug: x\ndata_sources:\n- slug: git\n  projects: []\n", 4, "no data source has slug: circleci" },
        { "no native", "data_sources:\n- slug: circleci\n", 1, "has no \"native\"" },
        { "slug of two parts", Fixture("    - name: github/only-org"), 8, "\"github/only-org\" is not a CircleCI project slug; write vcs/org/repo" },
        { "unknown vcs", Fixture("    - name: gitlab/org/repo"), 8, "use github (or gh), bitbucket (or bb) or circleci" },
        { "circleci slug without ids", Fixture("    - name: circleci/org/repo"), 8, "not circleci/<organisation id>/<project id>" },
        { "duplicate slug", Fixture("    - name: github/org/repo\n    - name: gh/org/repo"), 9, "project gh/org/repo is already listed at line 8" },
        { "duplicate project", Fixture("    - name: gh/org/a\n  - name: p\n    endpoints:\n    - name: gh/org/b"), 9, "project \"p\" is already listed at line 6" },
        { "typo at the top", "native:\n  slug: x\ndata_source:\n- slug: circleci\n", 3, "unknown key \"data_source\" in the fixture; did you mean \"data_sources\"?" },
        { "typo in a project", Fixture("    - name: gh/org/a\n    endpoint: x"), 9, "unknown key \"endpoint\" in a project; did you mean \"endpoints\"?" },
        { "typo in the source", "native:\n  slug: x\ndata_sources:\n- slug: circleci\n  projets: []\n", 5, "did you mean \"projects\"?" },
        { "no endpoints", Fixture("      []"), 8, "project \"p\" has no endpoints" },
        { "unknown config", Fixture("    - name: gh/org/a\n  config:\n  - name: Branch\n    value: main"), 10, "unknown config entry \"Branch\"" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Read_Mistake_OneLineWithFileLineAndWhatToDo(string mistake, string yaml, int line, string expected)
    {
        var error = Assert.Throws<FixtureException>(() => FixtureReader.Read(yaml, "fixture.yaml"));

        Assert.True(error.Message.StartsWith($"fixture.yaml:{line}: ", StringComparison.Ordinal), $"{mistake}: {error.Message}");
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("; ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void ReadFile_Missing_NamesThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.yaml");

        var error = Assert.Throws<FixtureException>(() => FixtureReader.ReadFile(path));

        Assert.StartsWith($"{path}: cannot be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_GoodFile_NamesTheFileInLaterMistakes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fixture-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Fixture("    - name: gh/org/repo"));
        try
        {
            Assert.Equal("gh/org/repo", Assert.Single(FixtureReader.ReadFile(path).Projects).Slug);
            File.WriteAllText(path, Fixture("    - name: gh/org"));
            Assert.StartsWith($"{path}:8: ", Assert.Throws<FixtureException>(() => FixtureReader.ReadFile(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // A valid fixture up to the endpoints of project "p", which start on line 8.
    private static string Fixture(string endpoints) =>
        "native:\n  slug: x\ndata_sources:\n- slug: circleci\n  projects:\n  - name: p\n    endpoints:\n" + endpoints + "\n";
}
