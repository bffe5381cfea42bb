package io.profilestream.generator;

import java.util.List;

/**
 * A product category as the generator models it.
 *
 * @param path        category path, REES46 style (e.g. {@code electronics.smartphone})
 * @param medianPrice median item price; item prices are log-normal around it
 * @param brands      brands selling in this category
 * @param searchTerms words shoppers type when looking for it
 */
public record CategorySpec(String path, double medianPrice, List<String> brands, List<String> searchTerms) {

    /** Twenty categories with realistic price levels, after the REES46 multi-category store. */
    public static final List<CategorySpec> DEFAULTS = List.of(
            new CategorySpec("electronics.smartphone", 350, List.of("samsung", "apple", "xiaomi", "huawei", "oppo"), List.of("phone", "smartphone", "5g phone")),
            new CategorySpec("electronics.audio.headphone", 60, List.of("sony", "jbl", "apple", "sennheiser"), List.of("headphones", "earbuds", "wireless headset")),
            new CategorySpec("electronics.video.tv", 520, List.of("samsung", "lg", "sony", "philips"), List.of("tv", "4k tv", "smart tv")),
            new CategorySpec("electronics.clocks", 180, List.of("casio", "garmin", "apple", "fossil"), List.of("watch", "smartwatch")),
            new CategorySpec("computers.notebook", 780, List.of("lenovo", "hp", "asus", "acer", "apple"), List.of("laptop", "notebook", "ultrabook")),
            new CategorySpec("computers.peripherals.mouse", 25, List.of("logitech", "razer", "a4tech"), List.of("mouse", "gaming mouse")),
            new CategorySpec("appliances.kitchen.refrigerators", 640, List.of("lg", "bosch", "samsung", "beko"), List.of("fridge", "refrigerator")),
            new CategorySpec("appliances.kitchen.kettle", 30, List.of("tefal", "philips", "bosch", "redmond"), List.of("kettle", "electric kettle")),
            new CategorySpec("appliances.environment.vacuum", 160, List.of("dyson", "samsung", "xiaomi", "philips"), List.of("vacuum", "robot vacuum")),
            new CategorySpec("appliances.personal.hair_cutter", 35, List.of("philips", "braun", "panasonic"), List.of("trimmer", "hair clipper")),
            new CategorySpec("apparel.shoes", 70, List.of("nike", "adidas", "puma", "reebok"), List.of("sneakers", "running shoes", "shoes")),
            new CategorySpec("apparel.jacket", 110, List.of("columbia", "north face", "zara"), List.of("jacket", "winter jacket")),
            new CategorySpec("furniture.living_room.sofa", 450, List.of("ikea", "askona", "hoff"), List.of("sofa", "couch")),
            new CategorySpec("furniture.bedroom.bed", 380, List.of("ikea", "askona", "ormatek"), List.of("bed", "double bed")),
            new CategorySpec("kids.toys", 25, List.of("lego", "hasbro", "mattel"), List.of("toys", "lego set")),
            new CategorySpec("sport.bicycle", 420, List.of("stels", "merida", "trek"), List.of("bike", "bicycle", "mountain bike")),
            new CategorySpec("auto.accessories.player", 90, List.of("pioneer", "kenwood", "sony"), List.of("car stereo", "car player")),
            new CategorySpec("construction.tools.drill", 85, List.of("bosch", "makita", "dewalt"), List.of("drill", "cordless drill")),
            new CategorySpec("beauty.fragrance", 55, List.of("chanel", "dior", "hugo boss"), List.of("perfume", "fragrance")),
            new CategorySpec("country_yard.lawn_mower", 260, List.of("husqvarna", "bosch", "makita"), List.of("lawn mower", "mower")));
}
