namespace CtiConnector.Agent.Hosting;

/// <summary>A configuration the agent cannot start with; <see cref="Exception.Message"/> is one sentence naming the key.</summary>
public sealed class AgentConfigurationException : Exception
{
    public AgentConfigurationException()
    {
    }

    public AgentConfigurationException(string message) : base(message)
    {
    }

    public AgentConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
