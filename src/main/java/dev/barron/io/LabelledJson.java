package dev.barron.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.barron.model.Labelled;

import java.io.IOException;

/**
 * Enums that are {@link Labelled} go into JSON as their labels (the strings the command line
 * takes: "mean-field", not "MEAN_FIELD") and come back through {@link Labelled#parse}, so a file
 * accepts what a flag accepts and refuses the rest in the same one line, naming the key.
 */
public final class LabelledJson {

    private LabelledJson() {
    }

    public static SimpleModule module() {
        SimpleModule m = new SimpleModule("barron-labels");
        m.addSerializer(Labelled.class, new StdSerializer<>(Labelled.class) {
            @Override
            public void serialize(Labelled value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.label());
            }
        });
        m.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                              BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
                return Labelled.class.isAssignableFrom(type.getRawClass())
                        ? new LabelDeserializer(type.getRawClass(), "value") : deserializer;
            }
        });
        return m;
    }

    private static final class LabelDeserializer extends JsonDeserializer<Object> implements ContextualDeserializer {
        private final Class<?> type;
        private final String key;

        LabelDeserializer(Class<?> type, String key) {
            this.type = type;
            this.key = key;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            return property == null ? this : new LabelDeserializer(type, property.getName());
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : p.getValueAsString(p.getText());
            try {
                return Labelled.parse((Class) type, key, text);
            } catch (IllegalArgumentException e) {
                throw InvalidFormatException.from(p, e.getMessage(), text, type);
            }
        }
    }
}
