package io.profilestream.profileupdater.text;

import io.profilestream.ml.text.QueryInterests;
import io.profilestream.ml.text.SentimentModel;
import io.profilestream.profileupdater.profile.ProfileSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the text models once at start-up ({@link TextSettings}) and provides the
 * {@link TextSignalStep} the topology runs. Loaded once, not watched: a text model changes with a
 * retraining, which comes with a deployment. A configured model that does not load stops the
 * start-up with the artifact's own message ({@code ModelArtifactException} names file and problem).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TextSettings.class)
public class TextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TextConfiguration.class);

    @Bean
    TextSignalStep textSignalStep(TextSettings settings, ProfileSettings profile) {
        if (!settings.enabled()) {
            LOG.info("No text model configured (profilestream.text.sentiment-model, profilestream.text.query-model): "
                    + "profiles carry no text signals");
            return TextSignalStep.disabled();
        }
        SentimentModel sentiment = settings.sentimentModel() == null ? null : SentimentModel.load(settings.sentimentModel());
        QueryInterests queries = settings.queryModel() == null ? null : QueryInterests.load(settings.queryModel());
        LOG.info("Text signals on: sentiment model {}, query-interests model {}",
                sentiment == null ? "none" : sentiment.version() + " from " + settings.sentimentModel().toAbsolutePath(),
                queries == null ? "none" : queries.version() + " from " + settings.queryModel().toAbsolutePath());
        return new ModelTextSignalStep(sentiment, queries, profile);
    }
}
