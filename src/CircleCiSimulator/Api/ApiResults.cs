namespace Release.CircleCiSimulator;

/// <summary>Error answers in CircleCI's shape: {"message": "..."}.</summary>
internal static class ApiResults
{
    public static IResult Error(int statusCode, string message) => Results.Json(new MessageBody(message), statusCode: statusCode);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static IResult Accepted() => Results.Json(new MessageBody("Accepted."), statusCode: StatusCodes.Status202Accepted);
}
