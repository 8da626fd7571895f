using Release.Workflows.Manifest;

namespace Release.Workflows.Tests.Manifest;

public class ScmOrganisationTests
{
    [Theory]
    [InlineData("https://github.com/gravitee-io", "gh", "gravitee-io")]
    [InlineData("https://github.com/gravitee-io/", "gh", "gravitee-io")]
    [InlineData("https://GitHub.com/gravitee-lab/GraviteeCiCdOrchestrator", "gh", "gravitee-lab")]
    [InlineData("https://bitbucket.org/acme", "bb", "acme")]
    public void FromHttpUrl_OrganisationUrl_GivesVcsAndName(string url, string vcs, string name)
    {
        Assert.Equal(new ScmOrganisation(vcs, name), ScmOrganisation.FromHttpUrl(url));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://github.com")]
    [InlineData("https://gitlab.com/gravitee-io")]
    [InlineData("git@github.com:gravitee-io")]
    public void FromHttpUrl_NoOrganisation_GivesNull(string? url)
    {
        Assert.Null(ScmOrganisation.FromHttpUrl(url));
    }

    [Fact]
    public void ProjectSlug_JoinsVcsOrganisationAndComponent()
    {
        Assert.Equal("gh/gravitee-io/gravitee-gateway", new ScmOrganisation("gh", "gravitee-io").ProjectSlug("gravitee-gateway"));
    }
}
