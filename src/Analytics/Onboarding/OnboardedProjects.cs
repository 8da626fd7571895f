namespace Release.Analytics.Onboarding;

/// <summary>The CircleCI projects whose history is collected, as a fixture file or a release manifest names them.</summary>
/// <param name="Native">The owner of the projects: the fixture's <c>native.slug</c>, or the release's name.</param>
/// <param name="Projects">In the order they were written, each slug once.</param>
public sealed record OnboardedProjects(string Native, IReadOnlyList<OnboardedProject> Projects);

/// <summary>One CircleCI project to collect.</summary>
/// <param name="Project">
/// What groups it in reports: the fixture's <c>projects[].name</c>, or the component's name.
/// </param>
/// <param name="Slug">Canonical CircleCI slug (<c>gh/org/repo</c>, <c>bb/org/repo</c> or <c>circleci/uuid/uuid</c>).</param>
public sealed record OnboardedProject(string Project, string Slug);
